import { PermanentDeliveryError } from '@journey/sdk';
import { createTestServices } from '@journey/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WechatDouble } from './testing/wechat-double.ts';
import { deliveryError, TOKEN_REFRESH_MARGIN_MS, WechatApi, WechatError } from './wechat-api.ts';

let now = Date.UTC(2026, 11, 1, 12);
let double: WechatDouble;
const app = () => ({ appId: double.appId, appSecret: double.appSecret, endpoint: double.url });
const api = (services = createTestServices('wechat', { now: () => now }), credentials = app()) => new WechatApi(credentials, services);

beforeEach(async () => {
  now = Date.UTC(2026, 11, 1, 12);
  double = await new WechatDouble(undefined, undefined, () => now).start();
});
afterEach(() => double.stop());

describe('WeChat access token', () => {
  it('comes from stable_token, is reused, and is asked again in the last minutes of its life, when WeChat answers the next one', async () => {
    const client = api();
    const first = await client.token.get();
    expect(await client.token.get()).toBe(first);
    expect(double.callsTo('/cgi-bin/stable_token')).toMatchObject([{ body: { grant_type: 'client_credential', appid: double.appId, secret: double.appSecret, force_refresh: false } }]);
    now += 7200_000 - TOKEN_REFRESH_MARGIN_MS - 1;
    expect(await client.token.get()).toBe(first);
    now += 2;
    const second = await client.token.get();
    expect(second).not.toBe(first);
    expect(double.callsTo('/cgi-bin/stable_token')).toHaveLength(2);
    // The old one is still valid to its end: a call made with it meanwhile went through.
    expect(double.tokens.get(first)).toBeGreaterThan(now);
  });

  it('is obtained by one caller while the others wait for it, across processes sharing the records', async () => {
    const services = createTestServices('wechat', { now: () => now });
    const tokens = await Promise.all([api(services), api(services), api(services)].map((client) => client.token.get()));
    expect(new Set(tokens).size).toBe(1);
    expect(double.callsTo('/cgi-bin/stable_token')).toHaveLength(1);
  });

  it('is replaced with force_refresh once when WeChat refuses it (40001), and the call made again', async () => {
    double.addTemplate({ template_id: 'TPL', title: '到货提醒', content: '{{thing1.DATA}}' });
    const client = api();
    await client.token.get();
    double.revokeTokens();
    const answer = await client.get<{ template_list: unknown[] }>('/cgi-bin/template/get_all_private_template');
    expect(answer.template_list).toHaveLength(1);
    expect(double.callsTo('/cgi-bin/stable_token').map((c) => c.body?.force_refresh)).toEqual([false, true]);
    expect(double.callsTo('/cgi-bin/template/get_all_private_template')).toHaveLength(2);
  });

  it('keeps why it could not be obtained for the integrations page, by AppID', async () => {
    const services = createTestServices('wechat', { now: () => now });
    await expect(api(services, { ...app(), appSecret: 'wrong' }).token.get()).rejects.toThrow('errcode 40125');
    expect((await services.records.get('status', `token:${double.appId}`))?.value).toMatchObject({ obtainedAt: null, error: expect.stringContaining('invalid appsecret') });
  });
});

describe('WeChat answers', () => {
  it('throws errcode and errmsg; deliveries fail at once on what retrying cannot change, and retry the rest', async () => {
    double.failNext.set('/cgi-bin/message/custom/send', [45015, -1]);
    const client = api();
    const refused = await client.post('/cgi-bin/message/custom/send', { touser: 'o1' }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(WechatError);
    expect(refused).toMatchObject({ errcode: 45015, path: '/cgi-bin/message/custom/send' });
    expect(deliveryError(refused)).toBeInstanceOf(PermanentDeliveryError);
    expect((deliveryError(refused) as Error).message).toMatch(/^WeChat refused it: the follower has not interacted within the customer-service window \(48 hours\) \(errcode 45015: response out of time limit/);
    const busy = await client.post('/cgi-bin/message/custom/send', { touser: 'o1' }).catch((err: unknown) => err);
    expect(deliveryError(busy)).toBe(busy);
    for (const errcode of [40003, 43004, 45047, 40037, 47003]) expect(deliveryError(new WechatError(errcode, '', '/x'))).toBeInstanceOf(PermanentDeliveryError);
    for (const errcode of [-1, 45009]) expect(deliveryError(new WechatError(errcode, '', '/x'))).toBeInstanceOf(WechatError);
  });
});
