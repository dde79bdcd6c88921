import { eventCountKey, eventCountQuery } from '@journey/sdk';
import { createTestServices, runNode, type TestServices } from '@journey/sdk/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import plugin from './index.ts';
import { subscribeMessageExecutor } from './subscribe-message.execute.ts';
import { appSubscriptionNeeds } from './subscribe-message.spec.ts';
import { MINI_EVENTS, MINI_PROGRAM_SUBSCRIPTIONS, subscriptionsLeft } from './subscriptions.ts';
import { accountCallback, accountEcho, subscribeChangeEvent, subscribePopupEvent, type AccountKeys } from './testing/wechat-callbacks.ts';

const AES_KEY = 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut';
const PLAIN: AccountKeys = { appId: 'wx7b2c4d6e8f0a1b3c', token: 'miniToken1' };
const SAFE: AccountKeys = { ...PLAIN, encodingAesKey: AES_KEY };
const OPENID = 'oMiniUser0001abc';

let now = Date.UTC(2026, 11, 1, 12);
let services: TestServices;
const seconds = () => Math.floor(now / 1000);
const route = (method: string, path: string) => plugin.routes.find((r) => r.method === method && r.path === path)!;
const callback = async (method: 'GET' | 'POST', query: string, body?: string) => {
  const res = await route(method, '/mini-program/callback').handle(
    new Request(`http://server/api/integrations/wechat/mini-program/callback?${query}`, { method, ...(body === undefined ? {} : { body }) }),
    { services, params: {} },
  );
  return { status: res.status, text: await res.text() };
};
const push = (keys: AccountKeys, xml: string) => {
  const { query, body } = accountCallback(keys, xml, { timestamp: seconds() });
  return callback('POST', query, body);
};
const report = async (body: unknown) => {
  const res = await route('POST', '/mini-program/subscriptions').handle(new Request('http://server/x', { method: 'POST', body: JSON.stringify(body) }), { services, params: {} });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const setUp = (env: Record<string, string> = {}) => {
  services = createTestServices('wechat', { now: () => now, env: { WECHAT_MINI_APP_ID: PLAIN.appId, WECHAT_MINI_APP_SECRET: 'mini-app-secret', WECHAT_MINI_TOKEN: PLAIN.token, ...env } });
};
beforeEach(() => {
  now = Date.UTC(2026, 11, 1, 12);
  setUp({ WECHAT_MINI_ENCODING_AES_KEY: AES_KEY });
});

describe('the mini-program’s message push', () => {
  it('answers the push URL verification with the echostr when the signature matches', async () => {
    expect(await callback('GET', accountEcho(PLAIN.token, '8214052261531968', String(seconds())))).toEqual({ status: 200, text: '8214052261531968' });
    expect(await callback('GET', accountEcho('other', '8214052261531968'))).toEqual({ status: 401, text: 'The signature does not match' });
  });

  it('adds a subscription per accepted template of subscribe_msg_popup_event (safe mode), once per push', async () => {
    const popup = subscribePopupEvent({ openid: OPENID, createTime: seconds(), templates: [{ id: 'T1', status: 'accept' }, { id: 'T2', status: 'reject' }, { id: 'T3', status: 'accept' }] });
    expect(await push(SAFE, popup)).toEqual({ status: 200, text: 'success' });
    expect(await push(SAFE, popup)).toEqual({ status: 200, text: 'success' });
    expect([await subscriptionsLeft(services, MINI_PROGRAM_SUBSCRIPTIONS, OPENID, 'T1'), await subscriptionsLeft(services, MINI_PROGRAM_SUBSCRIPTIONS, OPENID, 'T2'), await subscriptionsLeft(services, MINI_PROGRAM_SUBSCRIPTIONS, OPENID, 'T3')]).toEqual([1, 0, 1]);
    expect(services.events.map((e) => [e.contactId, e.type, e.properties, e.traits])).toEqual([
      [OPENID, MINI_EVENTS.subscribed, { templateId: 'T1' }, { wechatMiniOpenId: OPENID }],
      [OPENID, MINI_EVENTS.subscribed, { templateId: 'T3' }, { wechatMiniOpenId: OPENID }],
    ]);
    // A single <List> (one template) reads the same; the contact who has that openid gets it.
    services.identities.set('wang', { wechatMiniOpenId: 'oMiniUser0002xyz' });
    await push(SAFE, subscribePopupEvent({ openid: 'oMiniUser0002xyz', createTime: seconds(), templates: [{ id: 'T1', status: 'accept' }] }));
    expect(await subscriptionsLeft(services, MINI_PROGRAM_SUBSCRIPTIONS, 'wang', 'T1')).toBe(1);
  });

  it('empties the subscriptions to a template the user turns off in the settings (subscribe_msg_change_event)', async () => {
    await push(SAFE, subscribePopupEvent({ openid: OPENID, createTime: seconds(), templates: [{ id: 'T1', status: 'accept' }, { id: 'T2', status: 'accept' }] }));
    now += 1000;
    await push(SAFE, subscribePopupEvent({ openid: OPENID, createTime: seconds(), templates: [{ id: 'T1', status: 'accept' }] }));
    now += 1000;
    expect(await push(SAFE, subscribeChangeEvent({ openid: OPENID, createTime: seconds(), templates: [{ id: 'T1', status: 'reject' }, { id: 'T2', status: 'accept' }] }))).toEqual({ status: 200, text: 'success' });
    expect([await subscriptionsLeft(services, MINI_PROGRAM_SUBSCRIPTIONS, OPENID, 'T1'), await subscriptionsLeft(services, MINI_PROGRAM_SUBSCRIPTIONS, OPENID, 'T2')]).toEqual([0, 1]);
    expect(services.events.filter((e) => e.type === MINI_EVENTS.subscriptionUsed).map((e) => e.properties)).toEqual([{ templateId: 'T1' }, { templateId: 'T1' }]);
  });

  it('refuses a push with a bad signature or sealed for another app, changing nothing', async () => {
    const popup = subscribePopupEvent({ openid: OPENID, createTime: seconds(), templates: [{ id: 'T1', status: 'accept' }] });
    expect((await push({ ...SAFE, token: 'other' }, popup)).status).toBe(401);
    expect(await push({ ...SAFE, appId: 'wx0000000000000000' }, popup)).toEqual({ status: 401, text: 'The message is not addressed to WECHAT_MINI_APP_ID' });
    setUp();
    expect((await push({ ...PLAIN, token: 'other' }, popup)).status).toBe(401);
    expect(await push(PLAIN, popup)).toEqual({ status: 200, text: 'success' });
    expect(services.events).toHaveLength(1);
  });
});

describe('subscription reports', () => {
  it('add the accepted templates for the openid’s contact, once per report id; name the field at fault', async () => {
    services.identities.set('wang', { wechatMiniOpenId: OPENID });
    expect(await report({ openid: OPENID, templateIds: ['T1', 'T1'], id: 'r-1' })).toEqual({ status: 200, body: { contactId: 'wang', added: 1 } });
    expect(await report({ openid: OPENID, templateIds: ['T1'], id: 'r-1' })).toEqual({ status: 200, body: { contactId: 'wang', added: 0 } });
    expect(await report({ contactId: 'wang', templateIds: ['T1'] })).toEqual({ status: 200, body: { contactId: 'wang', added: 1 } });
    expect(await subscriptionsLeft(services, MINI_PROGRAM_SUBSCRIPTIONS, 'wang', 'T1')).toBe(2);
    const bad = await report({ templateIds: [] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'invalid_request', message: expect.stringContaining('templateIds') } });
    expect((await report({ templateIds: ['T1'] })).body).toMatchObject({ error: { message: expect.stringContaining('openid Give the openid or the contactId') } });
  });

  it('answer 404 while the mini-program is not configured (the Official Account may be)', async () => {
    services = createTestServices('wechat', { env: { WECHAT_OA_APP_ID: 'wx5c8e3a1d2f4b6a70', WECHAT_OA_APP_SECRET: 's', WECHAT_OA_TOKEN: 'pamtest' } });
    expect((await report({ openid: OPENID, templateIds: ['T1'] })).status).toBe(404);
  });
});

describe('the subscribe_message node', () => {
  const config = { template: 'T1', variables: 'thing1={{contact.name}}', timeout: { days: 1, hours: 0, minutes: 0, seconds: 0 } };
  const NOW = Date.UTC(2026, 0, 1);
  const counts = (subscribed: number, used: number) => {
    const needs = appSubscriptionNeeds('T1');
    const key = (need: typeof needs.subscribed) => eventCountKey(eventCountQuery(need, NOW, NOW));
    return { eventCounts: { [key(needs.subscribed)]: subscribed, [key(needs.used)]: used } };
  };
  const message = { kind: 'message', channel: 'mini_program', title: 'T1', body: 'thing1=王小明' };

  it('sends on a subscription left, else waits for one of its template, and leaves by timeout', async () => {
    expect(await runNode(subscribeMessageExecutor, { config, now: NOW, contact: { name: '王小明', ...counts(2, 1) } })).toEqual({ type: 'next', port: 'out', effects: [message] });
    expect(await runNode(subscribeMessageExecutor, { config, now: NOW, contact: { name: '王小明', ...counts(1, 1) } })).toEqual({
      type: 'wait',
      until: NOW + 86_400_000,
      event: { type: MINI_EVENTS.subscribed, match: { templateId: 'T1' } },
    });
    expect(await runNode(subscribeMessageExecutor, { config, now: NOW, contact: { name: '王小明' }, resume: { reason: 'event', event: { id: 'e1', type: MINI_EVENTS.subscribed, properties: { templateId: 'T1' }, timestamp: NOW } } })).toEqual({ type: 'next', port: 'out', effects: [message] });
    expect(await runNode(subscribeMessageExecutor, { config, now: NOW, resume: { reason: 'timer' } })).toEqual({ type: 'next', port: 'timeout' });
    expect(await runNode(subscribeMessageExecutor, { config, now: NOW, contact: { optedOut: ['mini_program'], ...counts(1, 0) } })).toMatchObject({ type: 'next', port: 'out', reason: 'consent.opted_out' });
  });
});
