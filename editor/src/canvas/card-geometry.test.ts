import { Position } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { CARD, cardGeometry, cardWidth, handlePoint, portCenterX } from './card-geometry.ts';

describe('cardGeometry', () => {
  it('takes contacts in at the middle of the top edge and lets them out under each port, along the bottom edge', () => {
    const { width, height, handles } = cardGeometry(['yes', 'no'], true);
    expect(width).toBe(CARD.width);
    const centres = handles.map((h) => ({ id: h.id, type: h.type, x: h.x + CARD.handle / 2, y: h.y + CARD.handle / 2, position: h.position }));
    expect(centres).toEqual([
      { id: null, type: 'target', x: CARD.width / 2, y: 0, position: Position.Top },
      { id: 'yes', type: 'source', x: CARD.width / 4, y: height, position: Position.Bottom },
      { id: 'no', type: 'source', x: (CARD.width * 3) / 4, y: height, position: Position.Bottom },
    ]);
  });

  it('keeps one port row however many ports, widening the card when their columns would be narrow', () => {
    const one = cardGeometry(['out'], true);
    const four = cardGeometry(['a', 'b', 'c', 'd'], true);
    expect(four.height).toBe(one.height);
    expect(four.width).toBe(4 * CARD.portWidth);
    expect(cardWidth(4)).toBe(four.width);
    expect(portCenterX(3, 4)).toBe(3.5 * CARD.portWidth);
    expect(cardGeometry(['out'], false).handles.map((h) => h.type)).toEqual(['source']);
    const exit = cardGeometry([], true);
    expect(exit.handles.map((h) => h.type)).toEqual(['target']);
    expect(exit.height).toBeLessThan(one.height);
  });
});

describe('handlePoint', () => {
  it('joins edges to the outer middle of a handle: below an output, above the input', () => {
    const [into, out] = cardGeometry(['out'], true).handles;
    const { height } = cardGeometry(['out'], true);
    const at = { x: 300, y: 100 };
    expect(handlePoint(at, out!)).toEqual({ x: 300 + CARD.width / 2, y: 100 + height + CARD.handle / 2 });
    expect(handlePoint(at, into!)).toEqual({ x: 300 + CARD.width / 2, y: 100 - CARD.handle / 2 });
  });
});
