import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test-support.ts';

describe('health, node types and the OpenAPI document', () => {
  it('answers health without auth', async () => {
    const t = await createTestApp();
    const res = await t.call('GET', '/api/health', undefined, { Authorization: '' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: { ok: true }, queue: { driver: 'embedded', ok: true, dueRuns: 0 } });
  });

  it('answers 503 when the database is gone', async () => {
    const t = await createTestApp();
    await t.store.close();
    const res = await t.call('GET', '/api/health');
    expect(res.status).toBe(503);
    expect(res.body.database.ok).toBe(false);
  });

  it('describes every node type with its config JSON Schema', async () => {
    const t = await createTestApp();
    const res = await t.call('GET', '/api/node-types');
    expect(res.body.items.map((n: { type: string }) => n.type)).toEqual(t.registry.list().map((s) => s.type));
    expect(res.body.items.find((n: { type: string }) => n.type === 'content_push').configSchema.properties).toHaveProperty('template');
    expect((await t.call('GET', '/api/node-types', undefined, { Authorization: '' })).status).toBe(401);
  });

  it('serves an OpenAPI document naming every route, and 404s unknown API paths in the error shape', async () => {
    const t = await createTestApp();
    const doc = await t.call('GET', '/api/openapi.json', undefined, { Authorization: '' });
    expect(doc.status).toBe(200);
    expect(doc.body.servers).toEqual([{ url: '/api' }]);
    expect((await t.app.request('/api/docs')).headers.get('Content-Type')).toMatch(/text\/html/);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/health', '/journeys/{id}/publish', '/events/batch', '/auth/login', '/messages', '/contacts/{id}/timeline']),
    );
    const missing = await t.call('GET', '/api/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });
});
