import { apiKeys, newId, users } from '@journey/db';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../../auth/password.ts';
import { sha256 } from '../../../auth/tokens.ts';
import { ensureFirstAdmin } from '../../../auth/users.ts';
import { createTestApp } from '../../test-support.ts';

async function signIn(t: ReturnType<typeof createTestApp>, email: string, password: string) {
  const res = await t.call('POST', '/api/auth/login', { email, password }, { Authorization: '' });
  const cookie = res.headers.get('Set-Cookie') ?? '';
  return { res, cookie: cookie.split(';')[0]!, setCookie: cookie };
}

function cookieHeaders(cookie: string, csrf?: string): Record<string, string> {
  return { Authorization: '', Cookie: cookie, ...(csrf ? { 'X-CSRF-Token': csrf } : {}) };
}

describe('auth routes', () => {
  it('signs in with a session cookie and requires the CSRF header on cookie writes', async () => {
    const t = createTestApp();
    await ensureFirstAdmin(t.store.db, { email: 'Admin@Example.com', password: 'correct horse battery' });
    const { res, cookie, setCookie } = await signIn(t, 'admin@example.com', 'correct horse battery');
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: 'admin@example.com', role: 'admin', locale: 'zh-CN' });
    expect(res.body.user.passwordHash).toBeUndefined();
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);
    const token = cookie.split('=')[1]!;
    expect(t.store.sqlite.prepare('SELECT token_hash FROM sessions').pluck().get()).toBe(sha256(token));

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
    const t = createTestApp();
    await ensureFirstAdmin(t.store.db, { email: 'a@b.c', password: 'password1' });
    const res = await t.call('POST', '/api/auth/login', { email: 'a@b.c', password: 'password1' }, {
      Authorization: '',
      'X-Forwarded-Proto': 'https',
    });
    expect(res.headers.get('Set-Cookie')).toMatch(/Secure/);
  });

  it('refuses a wrong password or unknown email with 401 and a bad body with 400', async () => {
    const t = createTestApp();
    await ensureFirstAdmin(t.store.db, { email: 'a@b.c', password: 'password1' });
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
    const t = createTestApp();
    const first = await ensureFirstAdmin(t.store.db, { email: 'admin@localhost' });
    expect(first).toMatchObject({ created: true, email: 'admin@localhost' });
    const password = first.created ? first.generatedPassword! : '';
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect(await ensureFirstAdmin(t.store.db, { email: 'other@localhost', password: 'x'.repeat(10) })).toEqual({ created: false });
    expect((await signIn(t, 'admin@localhost', password)).res.status).toBe(200);
  });

  it('lets a viewer read but not write, and an ingest key only send events', async () => {
    const t = createTestApp();
    const now = Date.now();
    t.store.db
      .insert(users)
      .values({ id: newId('usr'), email: 'v@b.c', passwordHash: await hashPassword('password1'), role: 'viewer', createdAt: now, updatedAt: now })
      .run();
    const { res, cookie } = await signIn(t, 'v@b.c', 'password1');
    const headers = cookieHeaders(cookie, res.body.csrfToken);
    expect((await t.call('GET', '/api/journeys', undefined, headers)).status).toBe(200);
    const write = await t.call('POST', '/api/journeys', { name: 'x' }, headers);
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe('forbidden');

    t.store.db
      .insert(apiKeys)
      .values({ id: 'key_1', name: 'shop', prefix: 'jk_', keyHash: sha256('ingest-secret'), scope: 'ingest', createdAt: now })
      .run();
    const ingest = { Authorization: 'Bearer ingest-secret' };
    expect((await t.call('POST', '/api/events', { contactId: 'c1', type: 'page.viewed' }, ingest)).status).toBe(202);
    expect((await t.call('GET', '/api/journeys', undefined, ingest)).status).toBe(403);
    t.store.db.update(apiKeys).set({ revokedAt: now }).where(eq(apiKeys.id, 'key_1')).run();
    expect((await t.call('POST', '/api/events', { contactId: 'c1', type: 'page.viewed' }, ingest)).status).toBe(401);
  });

  it('locks an email after repeated wrong passwords with 429 and Retry-After, then lets it try again', async () => {
    const t = createTestApp({ LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '10' });
    await ensureFirstAdmin(t.store.db, { email: 'a@b.c', password: 'password1' });
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
    const t = createTestApp();
    await ensureFirstAdmin(t.store.db, { email: 'a@b.c', password: 'password1' });
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
