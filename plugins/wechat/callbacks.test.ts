import { createTestServices, type TestServices } from '@journey/sdk/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import plugin from './index.ts';
import { takeWindowMessage } from './service-window.ts';
import { accountCallback, accountEcho, followerEvent, followerText, type AccountKeys } from './testing/wechat-callbacks.ts';

const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const PLAIN: AccountKeys = { appId: 'wx5c8e3a1d2f4b6a70', token: 'pamtest' };
const SAFE: AccountKeys = { ...PLAIN, encodingAesKey: AES_KEY };

let now = Date.UTC(2026, 11, 1, 12);
let services: TestServices;
const seconds = () => Math.floor(now / 1000);
const route = (method: string) => plugin.routes.find((r) => r.method === method && r.path === '/callback')!;
const call = async (method: 'GET' | 'POST', query: string, body?: string) => {
  const res = await route(method).handle(new Request(`http://server/api/integrations/wechat/callback?${query}`, { method, ...(body === undefined ? {} : { body }) }), { services, params: {} });
  return { status: res.status, text: await res.text() };
};
const post = (keys: AccountKeys, xml: string) => {
  const { query, body } = accountCallback(keys, xml, { timestamp: seconds() });
  return call('POST', query, body);
};

const setUp = (aesKey?: string) => {
  services = createTestServices('wechat', {
    now: () => now,
    env: { WECHAT_OA_APP_ID: PLAIN.appId, WECHAT_OA_APP_SECRET: 'oa-app-secret', WECHAT_OA_TOKEN: PLAIN.token, ...(aesKey ? { WECHAT_OA_ENCODING_AES_KEY: aesKey } : {}) },
  });
};
beforeEach(() => {
  now = Date.UTC(2026, 11, 1, 12);
  setUp(AES_KEY);
});

describe('Official Account callbacks', () => {
  it('answer the server URL verification with the echostr when the signature matches, else 401', async () => {
    expect(await call('GET', accountEcho(PLAIN.token, '5837397520131226518', String(seconds())))).toEqual({ status: 200, text: '5837397520131226518' });
    expect((await services.records.get('status', 'callback_verified'))?.value).toEqual({ at: now });
    expect(await call('GET', accountEcho('other', '5837397520131226518'))).toEqual({ status: 401, text: 'The signature does not match' });
  });

  it('make a follow through a parameter QR code into official_account.followed with its source, on a new contact named by the openid', async () => {
    const res = await post(SAFE, followerEvent({ openid: 'oFollower1', event: 'subscribe', eventKey: 'qrscene_douyin_live', ticket: 'gQH47joAAAAAAAAAASxodHRwOi8v', createTime: seconds() }));
    expect(res).toEqual({ status: 200, text: 'success' });
    expect(services.events).toEqual([
      { contactId: 'oFollower1', type: 'official_account.followed', properties: { source: 'douyin_live', ticket: 'gQH47joAAAAAAAAAASxodHRwOi8v' }, timestamp: now, messageId: `wechat:oa:oFollower1:${seconds()}:subscribe`, traits: { wechatOpenId: 'oFollower1' } },
      { contactId: 'oFollower1', type: 'official_account.interacted', properties: { window: 'event', via: 'official_account.followed' }, timestamp: now, messageId: `wechat:oa:oFollower1:${seconds()}:subscribe:interacted`, traits: { wechatOpenId: 'oFollower1' } },
    ]);
    expect((await services.records.get('follower', 'oFollower1'))?.value).toEqual({ following: true, at: now });
    // The follow opened the window: a customer-service message may go.
    await takeWindowMessage(services, 'oFollower1', 'msg_1');
  });

  it('find the contact who has the openid already, and take plaintext callbacks too', async () => {
    setUp();
    services.identities.set('c_known', { wechatOpenId: 'oKnown', phone: '+8613800138000' });
    await post(PLAIN, followerText({ openid: 'oKnown', content: '有优惠吗？', msgId: '23456789012345678', createTime: seconds() }));
    await post(PLAIN, followerEvent({ openid: 'oKnown', event: 'CLICK', eventKey: 'MENU_COUPON', createTime: seconds() + 1 }));
    await post(PLAIN, followerEvent({ openid: 'oKnown', event: 'VIEW', eventKey: 'https://shop.example/spring', createTime: seconds() + 2 }));
    await post(PLAIN, followerEvent({ openid: 'oKnown', event: 'SCAN', eventKey: 'offline_store', createTime: seconds() + 3 }));
    await post(PLAIN, followerEvent({ openid: 'oKnown', event: 'unsubscribe', createTime: seconds() + 4 }));
    expect(services.events.map((e) => [e.contactId, e.type, e.properties])).toEqual([
      ['c_known', 'official_account.message_received', { msgType: 'text', content: '有优惠吗？' }],
      ['c_known', 'official_account.interacted', { window: 'message', via: 'official_account.message_received' }],
      ['c_known', 'official_account.menu_clicked', { menuType: 'click', key: 'MENU_COUPON' }],
      ['c_known', 'official_account.interacted', { window: 'event', via: 'official_account.menu_clicked' }],
      // A link menu does not open the window.
      ['c_known', 'official_account.menu_clicked', { menuType: 'view', url: 'https://shop.example/spring' }],
      ['c_known', 'official_account.scanned', { source: 'offline_store' }],
      ['c_known', 'official_account.interacted', { window: 'event', via: 'official_account.scanned' }],
      ['c_known', 'official_account.unfollowed', {}],
    ]);
    expect(services.events[0]!.messageId).toBe('wechat:oa:msg:23456789012345678');
    expect((await services.records.get('follower', 'oKnown'))?.value).toEqual({ following: false, at: now + 4000 });
    expect(await services.records.get('window', 'oKnown')).toBeUndefined();
  });

  it('store a callback WeChat retries once, and answer other callbacks without an event', async () => {
    const xml = followerEvent({ openid: 'oFollower1', event: 'subscribe', createTime: seconds() });
    await post(SAFE, xml);
    await post(SAFE, xml);
    expect(services.events.map((e) => e.type)).toEqual(['official_account.followed', 'official_account.interacted']);
    expect(await post(SAFE, followerEvent({ openid: 'oFollower1', event: 'TEMPLATESENDJOBFINISH', createTime: seconds() }))).toEqual({ status: 200, text: 'success' });
    expect(services.events).toHaveLength(2);
  });

  it('refuse a bad signature, a foreign or undecryptable message, a stale timestamp and encryption without the key, changing nothing', async () => {
    const xml = followerEvent({ openid: 'oFollower1', event: 'subscribe', createTime: seconds() });
    const sealed = accountCallback(SAFE, xml, { timestamp: seconds() });
    const tampered = sealed.query.replace(/msg_signature=[0-9a-f]+/, `msg_signature=${'0'.repeat(40)}`);
    expect(await call('POST', tampered, sealed.body)).toEqual({ status: 401, text: 'The msg_signature does not match' });
    const foreign = accountCallback({ ...SAFE, appId: 'wx0000000000000000' }, xml, { timestamp: seconds() });
    expect((await call('POST', foreign.query, foreign.body)).text).toBe('The message is not addressed to WECHAT_OA_APP_ID');
    const plain = accountCallback(PLAIN, xml, { timestamp: seconds() });
    expect(await call('POST', plain.query.replace(/signature=[0-9a-f]+/, 'signature=bad'), plain.body)).toEqual({ status: 401, text: 'The signature does not match' });
    expect((await call('POST', plain.query, 'not xml')).status).toBe(401);
    const stale = accountCallback(SAFE, xml, { timestamp: seconds() - 3601 });
    expect(await call('POST', stale.query, stale.body)).toEqual({ status: 401, text: expect.stringContaining("timestamp is more than 1 hour from this server's clock") });
    expect([services.events, await services.records.get('status', 'last_callback'), await services.records.list('window')]).toEqual([[], undefined, []]);
    setUp();
    expect(await call('POST', sealed.query, sealed.body)).toEqual({ status: 401, text: 'The callback is encrypted (safe mode) but WECHAT_OA_ENCODING_AES_KEY is not set' });
    expect(services.events).toEqual([]);
    expect(await services.records.get('status', 'last_callback')).toBeUndefined();
  });
});
