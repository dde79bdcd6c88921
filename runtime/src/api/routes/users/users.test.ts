import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test-support.ts';

async function signIn(t: Awaited<ReturnType<typeof createTestApp>>, email: string, password: string) {
  return t.call('POST', '/api/auth/login', { email, password }, { Authorization: '' });
}

describe('users routes', () => {
  it('creates users with a given or a generated password, lists them paged, never with a hash', async () => {
    const t = await createTestApp();
    const given = await t.call('POST', '/api/users', { email: 'Mia@Example.com', name: '米娅', role: 'marketer', password: 'password-123' });
    expect(given.status).toBe(201);
    expect(given.body).toMatchObject({ user: { email: 'mia@example.com', name: '米娅', role: 'marketer', locale: 'zh-CN', disabled: false }, generatedPassword: null });
    const generated = await t.call('POST', '/api/users', { email: 'op@example.com', role: 'operator', locale: 'en' });
    expect(generated.body.generatedPassword).toEqual(expect.any(String));
    expect((await signIn(t, 'op@example.com', generated.body.generatedPassword)).status).toBe(200);

    const first = await t.call('GET', '/api/users?limit=1');
    expect(first.body.items.map((u: { email: string }) => u.email)).toEqual(['op@example.com']);
    expect(JSON.stringify(first.body)).not.toMatch(/scrypt|passwordHash/);
    const second = await t.call('GET', `/api/users?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ items: [{ email: 'mia@example.com' }], nextCursor: null });
    expect((await t.call('GET', '/api/users?role=operator')).body.items).toHaveLength(1);

    const taken = await t.call('POST', '/api/users', { email: 'mia@example.com', role: 'viewer' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('email_taken');
    const bad = await t.call('POST', '/api/users', { email: 'not-an-email', role: 'owner', password: 'short', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string[] }) => d.path.join('.')).sort()).toEqual(['email', 'extra', 'password', 'role']);
  });

  it('changes role, name and language, disables (ending sessions) and resets passwords', async () => {
    const t = await createTestApp();
    const { user } = (await t.call('POST', '/api/users', { email: 'v@example.com', role: 'viewer', password: 'password-123' })).body;
    const login = await signIn(t, 'v@example.com', 'password-123');
    const cookie = { Authorization: '', Cookie: login.headers.get('Set-Cookie')!.split(';')[0]! };

    const promoted = await t.call('PATCH', `/api/users/${user.id}`, { role: 'marketer', name: 'Vic', locale: 'en' });
    expect(promoted.body).toMatchObject({ user: { role: 'marketer', name: 'Vic', locale: 'en' }, generatedPassword: null });
    expect((await t.call('GET', '/api/auth/me', undefined, cookie)).body.role).toBe('marketer');

    expect((await t.call('PATCH', `/api/users/${user.id}`, { disabled: true })).body.user.disabled).toBe(true);
    expect((await t.call('GET', '/api/auth/me', undefined, cookie)).status).toBe(401);
    expect((await signIn(t, 'v@example.com', 'password-123')).status).toBe(401);
    expect((await t.call('PATCH', `/api/users/${user.id}`, { disabled: false })).body.user.disabled).toBe(false);

    const reset = await t.call('PATCH', `/api/users/${user.id}`, { resetPassword: true });
    expect(reset.body.generatedPassword).toEqual(expect.any(String));
    expect((await signIn(t, 'v@example.com', 'password-123')).status).toBe(401);
    expect((await signIn(t, 'v@example.com', reset.body.generatedPassword)).status).toBe(200);
    expect((await t.call('PATCH', `/api/users/${user.id}`, { password: 'password-456', resetPassword: true })).status).toBe(400);
    expect((await t.call('PATCH', '/api/users/usr_nope', { name: 'x' })).status).toBe(404);
  });

  it('never leaves the system without an enabled admin, and deletes users with their sessions', async () => {
    const t = await createTestApp();
    const admin = (await t.call('POST', '/api/users', { email: 'a@example.com', role: 'admin', password: 'password-123' })).body.user;
    for (const change of [{ role: 'viewer' }, { disabled: true }]) {
      const refused = await t.call('PATCH', `/api/users/${admin.id}`, change);
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('last_admin');
    }
    expect((await t.call('DELETE', `/api/users/${admin.id}`)).status).toBe(409);

    const other = (await t.call('POST', '/api/users', { email: 'b@example.com', role: 'admin', password: 'password-123' })).body.user;
    const login = await signIn(t, 'a@example.com', 'password-123');
    expect((await t.call('DELETE', `/api/users/${admin.id}`)).status).toBe(204);
    const cookie = { Authorization: '', Cookie: login.headers.get('Set-Cookie')!.split(';')[0]! };
    expect((await t.call('GET', '/api/auth/me', undefined, cookie)).status).toBe(401);
    expect((await t.call('GET', '/api/users')).body.items.map((u: { id: string }) => u.id)).toEqual([other.id]);
    expect((await t.call('DELETE', `/api/users/${admin.id}`)).status).toBe(404);
  });
});
