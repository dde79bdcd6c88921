import { describe, expect, it } from 'vitest';
import { fitJourneyViewport, MIN_ZOOM, READABLE_ZOOM } from './fit-view.ts';

describe('fitJourneyViewport', () => {
  it('fits a small journey whole, at most at zoom 1', () => {
    const viewport = fitJourneyViewport({ x: 0, y: 0, width: 400, height: 300 }, 1200, 800, false);
    expect(viewport.zoom).toBe(1);
  });

  it('never fits a tall journey below the readable zoom: it shows the top, centred across, to scroll down from', () => {
    const viewport = fitJourneyViewport({ x: 100, y: 0, width: 600, height: 3000 }, 1200, 800, false);
    expect(viewport.zoom).toBe(READABLE_ZOOM);
    // The journey's middle is the view's middle across; its top is just under the view's top.
    expect(viewport.x + 400 * READABLE_ZOOM).toBeCloseTo(600);
    expect(viewport.y).toBe(40);
  });

  it('fits a large journey whole, as its overview', () => {
    const viewport = fitJourneyViewport({ x: 0, y: 0, width: 7500, height: 8000 }, 1200, 800, true);
    expect(viewport.zoom).toBeLessThan(READABLE_ZOOM);
    expect(viewport.zoom).toBeGreaterThanOrEqual(MIN_ZOOM);
  });
});
