import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTestApp, skeletonGraph } from './test-support.ts';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

const json = fc.jsonValue({ maxDepth: 3 });

/** A valid body with one field replaced by anything, dropped, or an unknown field added. */
function mutated(valid: Record<string, unknown>) {
  const keys = Object.keys(valid);
  return fc.oneof(
    fc.record({ key: fc.constantFrom(...keys), value: json }).map(({ key, value }) => ({ ...valid, [key]: value })),
    fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key))),
    fc.record({ key: fc.string({ maxLength: 12 }), value: json }).map(({ key, value }) => ({ ...valid, [key]: value })),
    fc.string({ minLength: 201, maxLength: 400 }).map((long) => ({ ...valid, [keys[0]!]: long })),
  );
}

/** Anything a client might send as a body: JSON of any shape, near-valid bodies, or not JSON at all. */
function bodies(valid: Record<string, unknown>) {
  return fc.oneof(
    json.map((value) => JSON.stringify(value)),
    mutated(valid).map((value) => JSON.stringify(value)),
    fc.string({ maxLength: 40 }),
  );
}

/**
 * Sends the body and checks: never a 500; a refusal has the SPEC error shape (details carry field
 * paths) and leaves every table as it was.
 */
async function checkRefusal(t: TestApp, method: string, path: string, body: string) {
  const before = await t.snapshot();
  const res = await t.call(method, path, body);
  expect(res.status).not.toBe(500);
  if (res.status >= 400) {
    expect(res.body).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
    expect(JSON.stringify(res.body)).not.toMatch(/\bat .+\.(ts|js):\d+/);
    if (res.status === 400 && res.body.error.code === 'invalid_request') {
      for (const detail of res.body.error.details) expect(Array.isArray(detail.path)).toBe(true);
    }
    expect(await t.snapshot()).toEqual(before);
  }
}

describe('bad input, property-based', () => {
  it('events: never a 500, always the error shape, nothing stored on a refusal', async () => {
    const t = await createTestApp();
    const valid = { contactId: 'c1', type: 'order.paid', properties: { amount: 99 }, timestamp: '2026-01-01T00:00:00Z', messageId: 'm1' };
    await fc.assert(
      fc.asyncProperty(bodies(valid), async (body) => {
        await checkRefusal(t, 'POST', '/api/events', body);
        await checkRefusal(t, 'POST', '/api/events/batch', `{"events":[${body}]}`);
      }),
      { numRuns: 150 },
    );
  });

  it('contacts: never a 500, always the error shape, nothing stored on a refusal', async () => {
    const t = await createTestApp();
    const valid = { id: 'c1', name: '小王', attributes: { city: '杭州' }, tags: ['vip'] };
    await fc.assert(
      fc.asyncProperty(bodies(valid), (body) => checkRefusal(t, 'POST', '/api/contacts', body)),
      { numRuns: 150 },
    );
  });

  it('journeys: never a 500, always the error shape, nothing stored on a refusal', async () => {
    const t = await createTestApp();
    const { id } = (await t.call('POST', '/api/journeys', { name: 'j', graph: skeletonGraph() })).body;
    const valid = { name: '抖音直播引流', graph: skeletonGraph(), settings: {}, revision: 1 };
    await fc.assert(
      fc.asyncProperty(bodies(valid), async (body) => {
        await checkRefusal(t, 'PUT', `/api/journeys/${id}`, body);
        await checkRefusal(t, 'POST', '/api/journeys/validate', body);
        await checkRefusal(t, 'POST', `/api/journeys/${id}/publish`, body);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses query strings that are not what a list takes with 400 and the parameter at fault', async () => {
    const t = await createTestApp();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('limit', 'cursor', 'status'), fc.string({ maxLength: 30 }), async (name, value) => {
        const res = await t.call('GET', `/api/journeys?${name}=${encodeURIComponent(value)}`);
        expect([200, 400]).toContain(res.status);
        if (res.status === 400) expect(res.body.error.details[0].path).toEqual([name]);
      }),
      { numRuns: 100 },
    );
  });
});
