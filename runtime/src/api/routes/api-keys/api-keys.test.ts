import { describe, expect, it } from 'vitest';
import { sha256 } from '../../../auth/tokens.ts';
import { createTestApp } from '../../test-support.ts';

describe('api-keys routes', () => {
  it('shows a new key once, stores only its hash, records last use, and revokes it', async () => {
    const t = await createTestApp();
    const created = await t.call('POST', '/api/api-keys', { name: 'mini-program backend', scope: 'ingest' });
    expect(created.status).toBe(201);
    const { key, apiKey } = created.body;
    expect(key).toMatch(/^jk_[\w-]{43}$/);
    expect(apiKey).toMatchObject({ name: 'mini-program backend', scope: 'ingest', prefix: key.slice(0, 10), lastUsedAt: null, revokedAt: null, createdBy: null });
    const row = await t.store.apiKeys.get(apiKey.id);
    expect(row!.keyHash).toBe(sha256(key));
    expect(JSON.stringify(await t.snapshot())).not.toContain(key);

    const asKey = { Authorization: `Bearer ${key}` };
    expect((await t.call('POST', '/api/events', { contactId: 'c1', type: 'x' }, asKey)).status).toBe(202);
    const listed = await t.call('GET', '/api/api-keys');
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0].lastUsedAt).toBe(new Date(t.clock.now()).toISOString());
    expect(JSON.stringify(listed.body)).not.toContain(key);

    expect((await t.call('DELETE', `/api/api-keys/${apiKey.id}`)).status).toBe(204);
    expect((await t.call('DELETE', `/api/api-keys/${apiKey.id}`)).status).toBe(204);
    expect((await t.call('POST', '/api/events', { contactId: 'c1', type: 'x' }, asKey)).status).toBe(401);
    expect((await t.call('GET', '/api/api-keys')).body.items[0].revokedAt).toEqual(expect.any(String));
    expect((await t.call('DELETE', '/api/api-keys/key_nope')).status).toBe(404);
  });

  it('records which admin created a key and refuses an unknown scope', async () => {
    const t = await createTestApp();
    const { user } = (await t.call('POST', '/api/users', { email: 'a@example.com', role: 'admin', password: 'password-123' })).body;
    const login = await t.call('POST', '/api/auth/login', { email: 'a@example.com', password: 'password-123' }, { Authorization: '' });
    const headers = { Authorization: '', Cookie: login.headers.get('Set-Cookie')!.split(';')[0]!, 'X-CSRF-Token': login.body.csrfToken };
    expect((await t.call('POST', '/api/api-keys', { name: 'cdp', scope: 'viewer' }, headers)).body.apiKey.createdBy).toBe(user.id);
    const bad = await t.call('POST', '/api/api-keys', { name: 'cdp', scope: 'root' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toEqual(['scope']);
  });
});
