import { newId, type SessionRecord } from '@journey/db';
import { tableRows } from '@journey/db/testing';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../../auth/password.ts';
import { sha256 } from '../../../auth/tokens.ts';
import { ensureFirstAdmin } from '../../../auth/users.ts';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterEach } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestApp, testConfig } from '../../test-support.ts';

async function signIn(t: Awaited<ReturnType<typeof createTestApp>>, email: string, password: string) {
  const res = await t.call('POST', '/api/auth/login', { email, password }, { Authorization: '' });
  const cookie = res.headers.get('Set-Cookie') ?? '';
  return { res, cookie: cookie.split(';')[0]!, setCookie: cookie };
}

function cookieHeaders(cookie: string, csrf?: string): Record<string, string> {
  return { Authorization: '', Cookie: cookie, ...(csrf ? { 'X-CSRF-Token': csrf } : {}) };
}

describe('auth routes', () => {
  it('signs in with a session cookie and requires the CSRF header on cookie writes', async () => {
    const t = await createTestApp();
    await ensureFirstAdmin(t.store, { email: 'Admin@Example.com', password: 'correct horse battery' });
    const { res, cookie, setCookie } = await signIn(t, 'admin@example.com', 'correct horse battery');
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: 'admin@example.com', role: 'admin', locale: 'zh-CN' });
    expect(res.body.user.passwordHash).toBeUndefined();
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);
    const token = cookie.split('=')[1]!;
    expect((await tableRows<SessionRecord>(t.store, 'sessions'))[0]?.tokenHash).toBe(sha256(token));

    const me = await t.call('GET', '/api/auth/me', undefined, cookieHeaders(cookie));
    expect(me.body).toEqual({ user: res.body.user, csrfToken: res.body.csrfToken, role: 'admin' });

    const noCsrf = await t.call('POST', '/api/journeys', { name: 'x' }, cookieHeaders(cookie));
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.code).toBe('csrf_token_invalid');
    expect((await t.call('POST', '/api/journeys', { name: 'x' }, cookieHeaders(cookie, 'wrong'))).status).toBe(403);
    expect((await t.call('GET', '/api/journeys', undefined, cookieHeaders(cookie))).body.items).toEqual([]);
    expect((await t.call('POST', '/api/journeys', { name: 'x' }, cookieHeaders(cookie, res.body.csrfToken))).status).toBe(201);

    expect((await t.call('POST', '/api/auth/logout', undefined, cookieHeaders(cookie, res.body.csrfToken))).status).toBe(204);
    expect((await t.call('GET', '/api/auth/me', undefined, cookieHeaders(cookie))).status).toBe(401);
  });

  it('marks the cookie Secure when the request came over https', async () => {
    const t = await createTestApp();
    await ensureFirstAdmin(t.store, { email: 'a@b.c', password: 'password1' });
    const res = await t.call('POST', '/api/auth/login', { email: 'a@b.c', password: 'password1' }, {
      Authorization: '',
      'X-Forwarded-Proto': 'https',
    });
    expect(res.headers.get('Set-Cookie')).toMatch(/Secure/);
  });

  it('refuses a wrong password or unknown email with 401 and a bad body with 400', async () => {
    const t = await createTestApp();
    await ensureFirstAdmin(t.store, { email: 'a@b.c', password: 'password1' });
    expect((await signIn(t, 'a@b.c', 'password2')).res.status).toBe(401);
    const unknown = await signIn(t, 'who@b.c', 'password1');
    expect(unknown.res.status).toBe(401);
    expect(unknown.res.body.error.code).toBe('invalid_credentials');
    expect(unknown.setCookie).toBe('');
    const bad = await t.call('POST', '/api/auth/login', { email: 'a@b.c' }, { Authorization: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toEqual(['password']);
  });

  it('creates the first admin once, with a generated password when none is configured', async () => {
    const t = await createTestApp();
    const first = await ensureFirstAdmin(t.store, { email: 'admin@localhost' });
    expect(first).toMatchObject({ created: true, email: 'admin@localhost' });
    const password = first.created ? first.generatedPassword! : '';
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect(await ensureFirstAdmin(t.store, { email: 'other@localhost', password: 'x'.repeat(10) })).toEqual({ created: false });
    expect((await signIn(t, 'admin@localhost', password)).res.status).toBe(200);
  });

  it('lets a viewer read but not write, and an ingest key only send events', async () => {
    const t = await createTestApp();
    const now = Date.now();
    await t.store.users.create({
      id: newId('usr'), email: 'v@b.c', name: '', passwordHash: await hashPassword('password1'), role: 'viewer', locale: 'zh-CN', disabledAt: null, createdAt: now, updatedAt: now,
    });
    const { res, cookie } = await signIn(t, 'v@b.c', 'password1');
    const headers = cookieHeaders(cookie, res.body.csrfToken);
    expect((await t.call('GET', '/api/journeys', undefined, headers)).status).toBe(200);
    const write = await t.call('POST', '/api/journeys', { name: 'x' }, headers);
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe('forbidden');

    await t.store.apiKeys.create({
      id: 'key_1', name: 'shop', prefix: 'jk_', keyHash: sha256('ingest-secret'), scope: 'ingest', createdBy: null, createdAt: now, lastUsedAt: null, revokedAt: null,
    });
    const ingest = { Authorization: 'Bearer ingest-secret' };
    expect((await t.call('POST', '/api/events', { contactId: 'c1', type: 'page.viewed' }, ingest)).status).toBe(202);
    expect((await t.call('GET', '/api/journeys', undefined, ingest)).status).toBe(403);
    await t.store.apiKeys.revoke('key_1', now);
    expect((await t.call('POST', '/api/events', { contactId: 'c1', type: 'page.viewed' }, ingest)).status).toBe(401);
  });

  it('locks an email after repeated wrong passwords with 429 and Retry-After, then lets it try again', async () => {
    const t = await createTestApp({ LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '10' });
    await ensureFirstAdmin(t.store, { email: 'a@b.c', password: 'password1' });
    for (let i = 0; i < 3; i++) expect((await signIn(t, 'a@b.c', `wrong${i}`)).res.status).toBe(401);
    const locked = await signIn(t, 'A@b.c', 'password1');
    expect(locked.res.status).toBe(429);
    expect(locked.res.body.error.code).toBe('too_many_attempts');
    expect(locked.res.headers.get('Retry-After')).toBe('600');
    expect(locked.setCookie).toBe('');
    t.clock.advance(10 * 60_000);
    expect((await signIn(t, 'a@b.c', 'password1')).res.status).toBe(200);
  });

  it("keeps a signed-in user's language and name, and refuses a profile change for an API key", async () => {
    const t = await createTestApp();
    await ensureFirstAdmin(t.store, { email: 'a@b.c', password: 'password1' });
    const { res, cookie } = await signIn(t, 'a@b.c', 'password1');
    const changed = await t.call('PATCH', '/api/auth/me', { locale: 'en', name: 'Ada' }, cookieHeaders(cookie, res.body.csrfToken));
    expect(changed.status).toBe(200);
    expect(changed.body.user).toMatchObject({ locale: 'en', name: 'Ada' });
    expect((await signIn(t, 'a@b.c', 'password1')).res.body.user.locale).toBe('en');
    expect((await t.call('PATCH', '/api/auth/me', { locale: 'fr' }, cookieHeaders(cookie, res.body.csrfToken))).status).toBe(400);
    expect((await t.call('PATCH', '/api/auth/me', { role: 'admin' }, cookieHeaders(cookie, res.body.csrfToken))).status).toBe(400);
    const asKey = await t.call('PATCH', '/api/auth/me', { locale: 'en' });
    expect(asKey.status).toBe(403);
    expect(asKey.body.error.code).toBe('not_a_user');
  });
});

describe('sign-in throttling', () => {
  const servers: ServerType[] = [];
  afterEach(() => {
    for (const server of servers.splice(0)) server.close();
  });

  /** The app on a real socket, so the client address is the peer's (or X-Forwarded-For's, from a trusted proxy). */
  async function listen(app: { fetch: (request: Request, env: unknown) => Response | Promise<Response> }) {
    const server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    servers.push(server);
    const { port } = server.address() as AddressInfo;
    return async (email: string, password: string, forwardedFor?: string) => {
      const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {}) },
        body: JSON.stringify({ email, password }),
      });
      return res.status;
    };
  }

  it("never locks a known account's correct password behind an address that guessed e-mails", async () => {
    const t = await createTestApp({ LOGIN_MAX_FAILURES: '5' });
    await ensureFirstAdmin(t.store, { email: 'admin@b.c', password: 'password1' });
    const statuses = [];
    for (let i = 0; i < 51; i++) statuses.push((await signIn(t, `guess${i}@b.c`, 'password1')).res.status);
    expect(statuses.slice(0, 50).every((status) => status === 401)).toBe(true);
    expect(statuses[50]).toBe(429);
    // The address now gets 429 for every further guess, known e-mail or not, so it learns nothing…
    expect((await signIn(t, 'guess99@b.c', 'password1')).res.status).toBe(429);
    expect((await signIn(t, 'admin@b.c', 'wrong one')).res.status).toBe(429);
    // …while the admin behind the same address signs in.
    expect((await signIn(t, 'admin@b.c', 'password1')).res.status).toBe(200);
  });

  it('reads X-Forwarded-For only from TRUSTED_PROXIES', async () => {
    const untrusted = await createTestApp({ LOGIN_MAX_FAILURES: '3' });
    await ensureFirstAdmin(untrusted.store, { email: 'a@b.c', password: 'password1' });
    const direct = await listen(untrusted.app);
    for (let i = 0; i < 3; i++) expect(await direct('a@b.c', 'wrong', `198.51.100.${i}`)).toBe(401);
    expect(await direct('a@b.c', 'password1', '203.0.113.9')).toBe(429);

    const proxied = await createTestApp({ LOGIN_MAX_FAILURES: '3', TRUSTED_PROXIES: '127.0.0.1' });
    await ensureFirstAdmin(proxied.store, { email: 'a@b.c', password: 'password1' });
    const viaProxy = await listen(proxied.app);
    for (let i = 0; i < 3; i++) expect(await viaProxy('a@b.c', 'wrong', '198.51.100.1')).toBe(401);
    expect(await viaProxy('a@b.c', 'password1', '198.51.100.1')).toBe(429);
    expect(await viaProxy('a@b.c', 'password1', '203.0.113.9, 127.0.0.1')).toBe(200);
  });

  it('locks an account guessed from many addresses, except from an address it signed in from before', async () => {
    const t = await createTestApp({ LOGIN_MAX_FAILURES: '2', TRUSTED_PROXIES: '127.0.0.1' });
    await ensureFirstAdmin(t.store, { email: 'a@b.c', password: 'password1' });
    const login = await listen(t.app);
    expect(await login('a@b.c', 'password1', '198.51.100.1')).toBe(200);
    const statuses = [];
    for (let i = 0; i < 21; i++) statuses.push(await login('a@b.c', 'wrong', `203.0.113.${i}`));
    expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
    expect(await login('a@b.c', 'password1', '192.0.2.50')).toBe(429);
    expect(await login('a@b.c', 'password1', '198.51.100.1')).toBe(200);
  });

  it('counts failures in the store, so every API process sees them', async () => {
    const t = await createTestApp({ LOGIN_MAX_FAILURES: '3' });
    await ensureFirstAdmin(t.store, { email: 'a@b.c', password: 'password1' });
    const second = createApp({ store: t.store, runtime: t.runtime, registry: t.registry, config: testConfig({ LOGIN_MAX_FAILURES: '3' }), logger: pino({ level: 'silent' }) });
    const onSecond = (password: string) =>
      second.request('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'a@b.c', password }) });
    for (let i = 0; i < 2; i++) expect((await signIn(t, 'a@b.c', `wrong${i}`)).res.status).toBe(401);
    expect((await onSecond('wrong2')).status).toBe(401);
    expect((await onSecond('password1')).status).toBe(429);
    expect((await signIn(t, 'a@b.c', 'password1')).res.status).toBe(429);
  });
});

describe('POST /api/auth/password', () => {
  const OLD = 'old password 1';
  const NEW = 'new password 2';

  /** A user of `role` with the password OLD, signed in once: cookie and CSRF headers for writes. */
  async function person(t: Awaited<ReturnType<typeof createTestApp>>, role = 'marketer', email = `${role}@example.com`) {
    const created = await t.call('POST', '/api/users', { email, role, password: OLD });
    expect(created.status).toBe(201);
    const { res, cookie } = await signIn(t, email, OLD);
    return { email, userId: res.body.user.id as string, csrf: res.body.csrfToken as string, cookie, headers: cookieHeaders(cookie, res.body.csrfToken) };
  }

  const change = (t: Awaited<ReturnType<typeof createTestApp>>, body: unknown, headers: Record<string, string>) =>
    t.call('POST', '/api/auth/password', body, headers);

  it('changes the password, ends every other session and renews the calling one', async () => {
    const t = await createTestApp();
    const me = await person(t);
    const otherBrowser = await signIn(t, me.email, OLD);
    expect(otherBrowser.res.status).toBe(200);

    const res = await change(t, { currentPassword: OLD, newPassword: NEW }, me.headers);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: me.userId, email: me.email, role: 'marketer' });
    expect(res.body.csrfToken).not.toBe(me.csrf);
    const renewed = res.headers.get('Set-Cookie') ?? '';
    expect(renewed).toMatch(/HttpOnly/);
    const newCookie = renewed.split(';')[0]!;
    expect(newCookie).not.toBe(me.cookie);

    // The old session (the caller's) and the other browser's are gone; the renewed one works.
    expect((await t.call('GET', '/api/auth/me', undefined, cookieHeaders(me.cookie))).status).toBe(401);
    expect((await t.call('GET', '/api/auth/me', undefined, cookieHeaders(otherBrowser.cookie))).status).toBe(401);
    const now = await t.call('GET', '/api/auth/me', undefined, cookieHeaders(newCookie));
    expect(now.body).toMatchObject({ user: { id: me.userId }, csrfToken: res.body.csrfToken });
    expect((await tableRows<SessionRecord>(t.store, 'sessions')).filter((s) => s.userId === me.userId)).toHaveLength(1);
    // Writes need the new CSRF token.
    expect((await t.call('POST', '/api/journeys', { name: 'x' }, cookieHeaders(newCookie, me.csrf))).status).toBe(403);
    expect((await t.call('POST', '/api/journeys', { name: 'x' }, cookieHeaders(newCookie, res.body.csrfToken))).status).toBe(201);

    expect((await signIn(t, me.email, OLD)).res.status).toBe(401);
    expect((await signIn(t, me.email, NEW)).res.status).toBe(200);
  });

  it('refuses a wrong current password with 403 naming the field, changing nothing, and locks after repeated ones', async () => {
    const t = await createTestApp({ LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '10' });
    const me = await person(t);
    // Everything but the failure counts stays as it was.
    const stored = async () => ({ ...(await t.snapshot()), login_failures: undefined });
    const before = await stored();
    const wrong = await change(t, { currentPassword: 'not it at all', newPassword: NEW }, me.headers);
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toMatchObject({ code: 'wrong_password', details: [{ in: 'json', path: ['currentPassword'] }] });
    expect(wrong.headers.get('Set-Cookie')).toBeNull();
    expect(await stored()).toEqual(before);
    expect((await t.call('GET', '/api/auth/me', undefined, me.headers)).status).toBe(200);

    for (let i = 0; i < 2; i++) expect((await change(t, { currentPassword: `wrong ${i}`, newPassword: NEW }, me.headers)).status).toBe(403);
    const locked = await change(t, { currentPassword: OLD, newPassword: NEW }, me.headers);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('too_many_attempts');
    expect(locked.headers.get('Retry-After')).toBe('600');
    expect(await stored()).toEqual(before);
    // The lock is the password change's own: signing in still works.
    expect((await signIn(t, me.email, OLD)).res.status).toBe(200);

    t.clock.advance(10 * 60_000);
    expect((await change(t, { currentPassword: OLD, newPassword: NEW }, me.headers)).status).toBe(200);
  });

  it('refuses a weak, unchanged or missing password with 400 naming the field', async () => {
    const t = await createTestApp();
    const me = await person(t);
    const before = await t.snapshot();
    const short = await change(t, { currentPassword: OLD, newPassword: 'short' }, me.headers);
    expect(short.status).toBe(400);
    expect(short.body.error.details).toEqual([expect.objectContaining({ in: 'json', path: ['newPassword'], code: 'too_small', minimum: 8 })]);
    const same = await change(t, { currentPassword: OLD, newPassword: OLD }, me.headers);
    expect(same.status).toBe(400);
    expect(same.body.error.details).toEqual([expect.objectContaining({ path: ['newPassword'], message: 'The new password must differ from the current one' })]);
    const missing = await change(t, { newPassword: NEW }, me.headers);
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.map((d: { path: string[] }) => d.path.join('.'))).toEqual(['currentPassword']);
    const extra = await change(t, { currentPassword: OLD, newPassword: NEW, userId: 'usr_other' }, me.headers);
    expect(extra.status).toBe(400);
    expect(await t.snapshot()).toEqual(before);
  });

  it('lets every role change its own password, and refuses API keys, missing CSRF and no credentials', async () => {
    const t = await createTestApp();
    for (const role of ['admin', 'marketer', 'operator', 'viewer'] as const) {
      const me = await person(t, role);
      expect({ role, status: (await change(t, { currentPassword: OLD, newPassword: NEW }, me.headers)).status }).toEqual({ role, status: 200 });
    }
    const me = await person(t, 'viewer', 'second-viewer@example.com');
    const body = { currentPassword: OLD, newPassword: NEW };
    const noCsrf = await change(t, body, cookieHeaders(me.cookie));
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.code).toBe('csrf_token_invalid');
    expect((await change(t, body, { Authorization: '' })).status).toBe(401);

    const adminKey = await change(t, body, {});
    expect(adminKey.status).toBe(403);
    expect(adminKey.body.error.code).toBe('not_a_user');
    for (const scope of ['viewer', 'ingest'] as const) {
      const key = (await t.call('POST', '/api/api-keys', { name: scope, scope })).body.key as string;
      const res = await change(t, body, { Authorization: `Bearer ${key}` });
      expect({ scope, status: res.status, code: res.body.error.code }).toEqual({ scope, status: 403, code: scope === 'ingest' ? 'forbidden' : 'not_a_user' });
    }
    expect((await signIn(t, me.email, OLD)).res.status).toBe(200);
  });
});
