import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash, type Route } from './router.ts';

describe('routes', () => {
  it('round-trip through the hash, ids encoded', () => {
    const routes: Route[] = [
      { page: 'journeys' },
      { page: 'journey', id: 'jrn 1/x' },
      { page: 'monitor', id: 'jrn_1' },
      { page: 'contact', id: 'c-13800000000' },
      { page: 'contact', id: null },
      { page: 'messages' },
    ];
    for (const route of routes) expect(parseRoute(routeHash(route))).toEqual(route);
  });

  it('sends anything unknown to the journey list', () => {
    expect(parseRoute('')).toEqual({ page: 'journeys' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'journeys' });
    expect(parseRoute('#/journeys/a/b')).toEqual({ page: 'journeys' });
  });
});
