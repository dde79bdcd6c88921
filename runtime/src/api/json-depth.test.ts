import { describe, expect, it } from 'vitest';
import { pathDeeperThan, MAX_JSON_DEPTH } from './json-depth.ts';
import { createTestApp } from './test-support.ts';

/** `depth` arrays inside one another, as JSON text. */
const nested = (depth: number, inner = '') => '['.repeat(depth) + inner + ']'.repeat(depth);

describe('pathDeeperThan', () => {
  it('finds the first value nested too deep, in document order', () => {
    expect(pathDeeperThan({ a: 1, b: [{ c: [] }] }, 4)).toBeUndefined();
    expect(pathDeeperThan({ a: 1, b: [{ c: [] }] }, 3)).toEqual(['b', 0, 'c']);
    expect(pathDeeperThan({ a: [[1]], b: { c: { d: {} } } }, 2)).toEqual(['a', 0]);
    expect(pathDeeperThan(JSON.parse(nested(100_000)), MAX_JSON_DEPTH)).toHaveLength(MAX_JSON_DEPTH);
  });
});

describe('JSON depth limit', () => {
  it('refuses a body nested deeper than the limit on any route with 400 naming where, storing nothing', async () => {
    const t = await createTestApp();
    const before = await t.snapshot();
    const bodies: [string, string, string, (string | number)[]][] = [
      ['POST', '/api/events', `{"contactId":"c1","type":"x","properties":{"a":${nested(10_000)}}}`, ['properties', 'a']],
      ['POST', '/api/events/batch', `{"events":[{"contactId":"c1","type":"x","properties":{"a":${nested(1500)}}}]}`, ['events', 0, 'properties', 'a']],
      ['POST', '/api/contacts', `{"id":"c1","attributes":{"a":${nested(1500)}}}`, ['attributes', 'a']],
      ['POST', '/api/journeys/validate', `{"graph":${nested(10_000)}}`, ['graph']],
      ['POST', '/api/auth/login', `{"email":${nested(40)}}`, ['email']],
    ];
    for (const [method, path, body, at] of bodies) {
      const res = await t.call(method, path, body);
      expect(res.status, path).toBe(400);
      expect(res.body.error.code).toBe('json_too_deep');
      expect(res.body.error.details[0].path.slice(0, at.length)).toEqual(at);
      expect(res.body.error.details[0]).toMatchObject({ in: 'json', maximum: MAX_JSON_DEPTH });
    }
    expect(await t.snapshot()).toEqual(before);
  });

  it('takes a body exactly at the limit', async () => {
    const t = await createTestApp();
    // The body object, `attributes` and `a` are three levels: 29 more arrays reach 32.
    const res = await t.call('POST', '/api/contacts', `{"id":"c1","attributes":{"a":${nested(MAX_JSON_DEPTH - 3)}}}`);
    expect(res.status).toBe(201);
  });
});
