import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash, type Route } from './router.ts';

describe('routes', () => {
  it('round-trip through the hash, ids encoded', () => {
    const routes: Route[] = [
      { page: 'journeys' },
      { page: 'journey', id: 'jrn 1/x' },
      { page: 'monitor', id: 'jrn_1' },
      { page: 'version', id: 'jrn_1', version: 12 },
      { page: 'monitor', id: 'jrn_1', show: 'failed' },
      { page: 'contact', id: 'c-13800000000' },
      { page: 'contacts' },
      { page: 'segments' },
      { page: 'plans' },
      { page: 'messages' },
    ];
    for (const route of routes) expect(parseRoute(routeHash(route))).toEqual(route);
  });

  it('starts at the journey list', () => {
    for (const hash of ['', '#', '#/', '#/journeys']) expect(parseRoute(hash)).toEqual({ page: 'journeys' });
  });

  it('answers not found for an unknown page or an id that does not decode, instead of throwing', () => {
    expect(parseRoute('#/nowhere')).toEqual({ page: 'not_found' });
    expect(parseRoute('#/journeys/a/b')).toEqual({ page: 'not_found' });
    expect(parseRoute('#/journeys/a/versions/0')).toEqual({ page: 'not_found' });
    for (const hash of ['#/contacts/%E0%A4%A', '#/journeys/%', '#/journeys/%E0%A4%A/monitor', '#/contacts/%C0%AF']) {
      expect(parseRoute(hash)).toEqual({ page: 'not_found' });
    }
  });
});
