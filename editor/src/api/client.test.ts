import { execute } from '../../../db/src/testing.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../runtime/src/api/test-support.ts';
import { ApiError, createApi, createApiClient, setCsrfToken } from './client.ts';

const EMAIL = 'ada@example.com';
const PASSWORD = 'first password';

/**
 * The editor's API calls against the real server app (in-memory store), through a fetch that keeps
 * the session cookie as a browser would: no admin key, only what the editor itself sends.
 */
async function editorOnServer() {
  const t = await createTestApp();
  expect((await t.call('POST', '/api/users', { email: EMAIL, role: 'marketer', password: PASSWORD })).status).toBe(201);
  let cookie = '';
  const sent: Request[] = [];
  const browserFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    if (cookie) request.headers.set('Cookie', cookie);
    sent.push(request.clone());
    const response = await t.app.request(request);
    const setCookie = response.headers.get('Set-Cookie');
    if (setCookie) cookie = setCookie.split(';')[0]!;
    return response;
  };
  const api = createApi(createApiClient({ baseUrl: 'http://editor.test/', fetch: browserFetch }));
  return { t, api, sent };
}

/** The ApiError a promise rejects with. */
async function refusal(pending: Promise<unknown>): Promise<ApiError> {
  const error = await pending.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

afterEach(() => setCsrfToken(null));

describe('the editor API client (hc over the server routes)', () => {
  it('signs in with the session cookie and sends the CSRF token on writes only', async () => {
    const { api, sent } = await editorOnServer();
    expect((await refusal(api.me())).status).toBe(401);

    const session = await api.login(EMAIL, PASSWORD);
    expect(session.user).toMatchObject({ email: EMAIL, role: 'marketer' });
    expect(sent.at(-1)?.headers.get('X-CSRF-Token')).toBeNull();

    const noToken = await refusal(api.createJourney({ name: 'Spring' }));
    expect(noToken).toMatchObject({ status: 403, code: 'csrf_token_invalid' });

    setCsrfToken(session.csrfToken);
    const journey = await api.createJourney({ name: 'Spring' });
    expect(sent.at(-1)?.headers.get('X-CSRF-Token')).toBe(session.csrfToken);
    expect(journey).toMatchObject({ name: 'Spring', status: 'draft', publishedVersion: null });
    expect((await api.getJourney(journey.id)).revision).toBe(journey.revision);
    expect((await api.listJourneys()).items.map((j) => j.id)).toEqual([journey.id]);
    expect(sent.at(-1)?.method).toBe('GET');
    expect(sent.at(-1)?.headers.get('X-CSRF-Token')).toBeNull();
    expect(await api.deleteJourney(journey.id)).toBeUndefined();
  });

  it("turns refusals into ApiError with the server's status, code, message and details", async () => {
    const { api } = await editorOnServer();
    setCsrfToken((await api.login(EMAIL, PASSWORD)).csrfToken);

    const missing = await refusal(api.getJourney('jrn_missing'));
    expect(missing).toMatchObject({ status: 404, code: 'not_found' });
    expect(missing.message).toContain('jrn_missing');

    const badChannel = await refusal(api.messages({ channel: 'carrier_pigeon' as never }));
    expect(badChannel.status).toBe(400);
    expect(badChannel.issuesAt('channel')).toHaveLength(1);

    const journey = await api.createJourney({ name: 'Empty' });
    const invalid = await refusal(api.publish(journey.id));
    expect(invalid.status).toBe(422);
    expect(invalid.problems.length).toBeGreaterThan(0);
    expect(invalid.problems[0]).toHaveProperty('message.zh-CN');

    const short = await refusal(api.changePassword({ currentPassword: PASSWORD, newPassword: 'short' }));
    expect(short.issuesAt('newPassword')).toEqual([expect.objectContaining({ code: 'too_small', minimum: 8 })]);
    const wrong = await refusal(api.changePassword({ currentPassword: 'not my password', newPassword: 'second password' }));
    expect(wrong).toMatchObject({ status: 403, code: 'wrong_password' });
    expect(wrong.issuesAt('currentPassword')).toHaveLength(1);
  });

  it('keeps working after a password change with the renewed session and CSRF token', async () => {
    const { api } = await editorOnServer();
    const first = await api.login(EMAIL, PASSWORD);
    setCsrfToken(first.csrfToken);
    const renewed = await api.changePassword({ currentPassword: PASSWORD, newPassword: 'second password' });
    expect(renewed.csrfToken).not.toBe(first.csrfToken);
    expect((await refusal(api.createJourney({ name: 'Stale token' }))).code).toBe('csrf_token_invalid');
    setCsrfToken(renewed.csrfToken);
    expect((await api.createJourney({ name: 'Fresh token' })).name).toBe('Fresh token');
    expect((await api.me()).csrfToken).toBe(renewed.csrfToken);
  });

  it('encodes ids in paths and sends list filters as the query', async () => {
    const { t, api } = await editorOnServer();
    await api.login(EMAIL, PASSWORD);
    // Valid in the id alphabet, but every one of : + @ = and the Chinese letters must be encoded in a path.
    const odd = 'wx:o6_ABC+小明@shop.cn=1';
    expect((await t.call('POST', '/api/contacts', { id: odd, name: '王小明' })).status).toBe(201);
    expect(await api.contact(odd)).toMatchObject({ id: odd, name: '王小明', runs: [], memberships: [], balance: 0 });

    for (const [id, channel] of [['msg_1', 'sms'], ['msg_2', 'email'], ['msg_3', 'sms'], ['msg_4', 'sms']]) {
      await execute(
        t.store,
        `INSERT INTO messages (id, run_id, journey_id, contact_id, node_id, channel, body, idempotency_key, next_attempt_at, created_at)
         VALUES (?, 'run_1', 'jrn_1', ?, 'push1', ?, 'hi', ?, 0, 1)`,
        [id, odd, channel, `k-${id}`],
      );
    }
    const page1 = await api.messages({ channel: 'sms', contactId: odd, limit: 2 });
    expect(page1.items.map((m) => m.id)).toEqual(['msg_4', 'msg_3']);
    const page2 = await api.messages({ channel: 'sms', contactId: odd, limit: 2, cursor: page1.nextCursor! });
    expect(page2).toMatchObject({ items: [{ id: 'msg_1', channel: 'sms' }], nextCursor: null });
    expect((await api.messages({ channel: 'email' })).items.map((m) => m.id)).toEqual(['msg_2']);
  });

  it('reports a server it cannot reach as a network error, and an answer that is not JSON as such', async () => {
    const offline = createApi(
      createApiClient({
        baseUrl: 'http://editor.test/',
        fetch: () => Promise.reject(new TypeError('fetch failed')),
      }),
    );
    expect(await refusal(offline.me())).toMatchObject({ status: 0, code: 'network' });

    const proxyPage = createApi(
      createApiClient({ baseUrl: 'http://editor.test/', fetch: () => Promise.resolve(new Response('<!doctype html>', { status: 200 })) }),
    );
    expect(await refusal(proxyPage.nodeTypes())).toMatchObject({ status: 200, code: 'invalid_response' });
    const gateway = createApi(
      createApiClient({ baseUrl: 'http://editor.test/', fetch: () => Promise.resolve(new Response('Bad gateway', { status: 502 })) }),
    );
    expect(await refusal(gateway.nodeTypes())).toMatchObject({ status: 502, code: 'http_502' });
  });
});
