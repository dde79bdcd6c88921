import { type ChannelMessage } from '@journey/sdk';
import { createTestServices, runNode, type TestServices } from '@journey/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import plugin from './index.ts';
import { bizsendRequest, officialAccountChannel, officialAccountTemplates, TEMPLATE_KINDS } from './messages.ts';
import { subscribeMessageExecutor } from './subscribe-message.execute.ts';
import { subscribeMessageSpec } from './subscribe-message.spec.ts';
import { addSubscriptions, MINI_PROGRAM_SUBSCRIPTIONS, OFFICIAL_ACCOUNT_SUBSCRIPTIONS, subscriptionsLeft } from './subscriptions.ts';
import { accountCallback, subscribeChangeEvent, subscribePopupEvent, type AccountKeys } from './testing/wechat-callbacks.ts';
import { WechatDouble } from './testing/wechat-double.ts';

const OA: AccountKeys = { appId: 'wx5c8e3a1d2f4b6a70', token: 'pamtest', encodingAesKey: 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut' };
const TEMPLATE = 'VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc';
const OPENID = 'oFollower0001abc';
const OA_EVENTS = OFFICIAL_ACCOUNT_SUBSCRIPTIONS.events;
let now = Date.UTC(2026, 11, 1, 12);
let double: WechatDouble;
let services: TestServices;
let seq = 0;
const signal = new AbortController().signal;
const seconds = () => Math.floor(now / 1000);
const message = (body: string, title = `subscribe:${TEMPLATE}`): ChannelMessage => ({ id: `msg_${++seq}`, channel: 'wechat/official_account', title, body, priority: 'marketing', createdAt: now });
const deliver = (m: ChannelMessage) =>
  officialAccountChannel.deliver(m, { idempotencyKey: `run_1:push:${seq}`, attempt: 1, signal, services, origin: { runId: 'run_1', journeyId: 'j1', contactId: 'c1', nodeId: 'push' } });
const route = (path: string) => plugin.routes.find((r) => r.method === 'POST' && r.path === path)!;
const push = async (xml: string) => {
  const { query, body } = accountCallback(OA, xml, { timestamp: seconds() });
  const res = await route('/callback').handle(new Request(`http://server/api/integrations/wechat/callback?${query}`, { method: 'POST', body }), { services, params: {} });
  return { status: res.status, text: await res.text() };
};
const report = async (body: unknown) => {
  const res = await route('/official-account/subscriptions').handle(new Request('http://server/x', { method: 'POST', body: JSON.stringify(body) }), { services, params: {} });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const bizsendCalls = () => double.callsTo('/cgi-bin/message/subscribe/bizsend');
const left = (contactId = 'c1') => subscriptionsLeft(services, OFFICIAL_ACCOUNT_SUBSCRIPTIONS, contactId, TEMPLATE);
const BODY = 'thing1=明前龙井\ntime2=2026年12月8日 10:00\n_url=https://shop.example/tea';

beforeEach(async () => {
  now = Date.UTC(2026, 11, 1, 12);
  double = await new WechatDouble(OA.appId, 'oa-app-secret', () => now).start();
  double.follow(OPENID);
  double.bizsendTemplates.set(TEMPLATE, { priTmplId: TEMPLATE, title: '到货提醒', content: '商品名称:{{thing1.DATA}}\n到货时间:{{time2.DATA}}', example: '', type: 2 });
  double.addTemplate({ template_id: 'TPL_ORDER', title: '订单发货提醒', content: '订单号{{character_string1.DATA}}' });
  services = createTestServices('wechat', {
    now: () => now,
    env: { WECHAT_OA_APP_ID: OA.appId, WECHAT_OA_APP_SECRET: 'oa-app-secret', WECHAT_OA_TOKEN: OA.token, WECHAT_OA_ENCODING_AES_KEY: OA.encodingAesKey!, WECHAT_API_ENDPOINT: double.url },
  });
  services.identities.set('c1', { wechatOpenId: OPENID });
});
afterEach(() => double.stop());

describe('subscription notifications (订阅通知)', () => {
  it('are asked by subscribe:<template id>: the variables as data, _url as the page, a mini-program page, the lengths checked', () => {
    expect(bizsendRequest('oF', { title: ' subscribe:TPL ', body: BODY })).toEqual({
      touser: 'oF',
      template_id: 'TPL',
      page: 'https://shop.example/tea',
      data: { thing1: { value: '明前龙井' }, time2: { value: '2026年12月8日 10:00' } },
    });
    expect(bizsendRequest('oF', { title: 'subscribe:TPL', body: 'thing1=a\n_miniprogram_appid=wx0123456789abcdef\n_miniprogram_pagepath=pages/a' })).toMatchObject({ miniprogram: { appid: 'wx0123456789abcdef', pagepath: 'pages/a' } });
    expect(() => bizsendRequest('oF', { title: 'subscribe:', body: 'thing1=a' })).toThrow('names its template after subscribe:');
    expect(() => bizsendRequest('oF', { title: 'subscribe:TPL', body: `thing1=${'茶'.repeat(21)}` })).toThrow('WeChat takes at most 20 in a thing variable');
  });

  it('go on a subscription left, one send each; without one (or after 43101) fail without calling WeChat', async () => {
    await expect(deliver(message(BODY))).rejects.toThrow('has no subscription left for the Official Account template');
    expect(bizsendCalls()).toHaveLength(0);

    double.acceptSubscription(OPENID, TEMPLATE);
    await addSubscriptions(services, OFFICIAL_ACCOUNT_SUBSCRIPTIONS, { contactId: 'c1', openid: OPENID, templateIds: [TEMPLATE], at: now, reportId: 'r1' });
    const m = message(BODY);
    expect(await deliver(m)).toEqual({ kind: 'subscription', templateId: TEMPLATE });
    // A retry of the same message does not send it again.
    expect(await deliver(m)).toEqual({ kind: 'subscription', templateId: TEMPLATE });
    expect(double.bizsendMessages).toEqual([{ touser: OPENID, template_id: TEMPLATE, page: 'https://shop.example/tea', data: { thing1: { value: '明前龙井' }, time2: { value: '2026年12月8日 10:00' } } }]);
    expect(await left()).toBe(0);
    await expect(deliver(message(BODY))).rejects.toThrow('has no subscription left');
    expect(bizsendCalls()).toHaveLength(1);

    // The ledger counts one WeChat no longer holds: 43101 empties it.
    await addSubscriptions(services, OFFICIAL_ACCOUNT_SUBSCRIPTIONS, { contactId: 'c1', openid: OPENID, templateIds: [TEMPLATE, TEMPLATE], at: now, reportId: 'r2' });
    await addSubscriptions(services, OFFICIAL_ACCOUNT_SUBSCRIPTIONS, { contactId: 'c1', openid: OPENID, templateIds: [TEMPLATE], at: now, reportId: 'r3' });
    expect(await left()).toBe(2);
    await expect(deliver(message(BODY))).rejects.toThrow('the user has no subscription left for this template (errcode 43101');
    expect(await left()).toBe(0);
    expect(services.events.filter((e) => e.type === OA_EVENTS.subscriptionUsed)).toHaveLength(3);
    expect(services.events.filter((e) => e.type === OA_EVENTS.subscribed)).toEqual([
      expect.objectContaining({ contactId: 'c1', properties: { templateId: TEMPLATE }, traits: { wechatOpenId: OPENID } }),
      expect.objectContaining({ contactId: 'c1', properties: { templateId: TEMPLATE }, traits: { wechatOpenId: OPENID } }),
      expect.objectContaining({ contactId: 'c1', properties: { templateId: TEMPLATE }, traits: { wechatOpenId: OPENID } }),
    ]);
  });

  it('keep a ledger apart from the mini-program’s: the same template id there is not a subscription here', async () => {
    await addSubscriptions(services, MINI_PROGRAM_SUBSCRIPTIONS, { contactId: 'c1', openid: 'oMini000000001', templateIds: [TEMPLATE], at: now, reportId: 'm1' });
    expect(await subscriptionsLeft(services, MINI_PROGRAM_SUBSCRIPTIONS, 'c1', TEMPLATE)).toBe(1);
    expect(await left()).toBe(0);
    await expect(deliver(message(BODY))).rejects.toThrow('has no subscription left');
    expect(bizsendCalls()).toHaveLength(0);
  });

  it('give a subscription back when WeChat refuses the message for another reason', async () => {
    double.acceptSubscription(OPENID, TEMPLATE);
    await addSubscriptions(services, OFFICIAL_ACCOUNT_SUBSCRIPTIONS, { contactId: 'c1', openid: OPENID, templateIds: [TEMPLATE], at: now, reportId: 'r1' });
    double.failNext.set('/cgi-bin/message/subscribe/bizsend', [47003]);
    await expect(deliver(message(BODY))).rejects.toThrow('errcode 47003');
    expect(await left()).toBe(1);
    expect(await deliver(message(BODY))).toEqual({ kind: 'subscription', templateId: TEMPLATE });
  });

  it('are listed with the template messages, each marked with its kind, the subscription ones as subscribe:<id>', async () => {
    const templates = await officialAccountTemplates({ services, signal });
    expect(templates.map((t) => [t.id, t.name, t.kind])).toEqual([
      ['TPL_ORDER', '订单发货提醒', TEMPLATE_KINDS.template],
      [`subscribe:${TEMPLATE}`, '到货提醒', TEMPLATE_KINDS.subscription],
    ]);
    expect(templates[1]!.fields.map((f) => [f.key, f.maxLength])).toEqual([['thing1', 20], ['time2', undefined], ['_url', undefined], ['_miniprogram_appid', undefined], ['_miniprogram_pagepath', undefined]]);
  });
});

describe('subscriptions in', () => {
  it('come from the callback’s subscribe_msg_popup_event (once per push) and go with subscribe_msg_change_event reject', async () => {
    const popup = subscribePopupEvent({ openid: OPENID, createTime: seconds(), templates: [{ id: TEMPLATE, status: 'accept' }, { id: 'T2', status: 'reject' }] });
    expect(await push(popup)).toEqual({ status: 200, text: 'success' });
    expect(await push(popup)).toEqual({ status: 200, text: 'success' });
    expect([await left(), await subscriptionsLeft(services, OFFICIAL_ACCOUNT_SUBSCRIPTIONS, 'c1', 'T2')]).toEqual([1, 0]);
    expect(await subscriptionsLeft(services, MINI_PROGRAM_SUBSCRIPTIONS, 'c1', TEMPLATE)).toBe(0);
    expect(services.events.map((e) => [e.contactId, e.type, e.properties])).toEqual([['c1', OA_EVENTS.subscribed, { templateId: TEMPLATE }]]);
    now += 1000;
    expect(await push(subscribeChangeEvent({ openid: OPENID, createTime: seconds(), templates: [{ id: TEMPLATE, status: 'reject' }] }))).toEqual({ status: 200, text: 'success' });
    expect(await left()).toBe(0);
    expect(services.events.at(-1)).toMatchObject({ type: OA_EVENTS.subscriptionUsed, properties: { templateId: TEMPLATE } });
  });

  it('come from the brand’s web page report (wx-open-subscribe), once per report id; the field at fault named', async () => {
    expect(await report({ openid: OPENID, templateIds: [TEMPLATE], id: 'page-1' })).toEqual({ status: 200, body: { contactId: 'c1', added: 1 } });
    expect(await report({ openid: OPENID, templateIds: [TEMPLATE], id: 'page-1' })).toEqual({ status: 200, body: { contactId: 'c1', added: 0 } });
    expect(await left()).toBe(1);
    expect((await report({ openid: OPENID, templateIds: 'x' })).body).toMatchObject({ error: { code: 'invalid_request', message: expect.stringContaining('templateIds') } });
    services = createTestServices('wechat', { env: { WECHAT_MINI_APP_ID: 'wx7b2c4d6e8f0a1b3c', WECHAT_MINI_APP_SECRET: 's', WECHAT_MINI_TOKEN: 'miniToken1' } });
    expect((await report({ openid: OPENID, templateIds: [TEMPLATE] })).status).toBe(404);
  });
});

describe('the subscribe_message node on the Official Account', () => {
  const config = { app: 'official_account' as const, template: `subscribe:${TEMPLATE}`, variables: 'thing1={{contact.name}}', timeout: { days: 1, hours: 0, minutes: 0, seconds: 0 } };
  const NOW = Date.UTC(2026, 0, 1);

  it('waits for the Official Account’s subscribed event of the template, then sends a subscription notification', async () => {
    expect(await runNode(subscribeMessageExecutor, { config, now: NOW, contact: { name: '王小明' } })).toEqual({
      type: 'wait',
      until: NOW + 86_400_000,
      event: { type: OA_EVENTS.subscribed, match: { templateId: TEMPLATE } },
    });
    const resumed = await runNode(subscribeMessageExecutor, { config, now: NOW, contact: { name: '王小明' }, resume: { reason: 'event', event: { id: 'e1', type: OA_EVENTS.subscribed, properties: { templateId: TEMPLATE }, timestamp: NOW } } });
    expect(resumed).toEqual({ type: 'next', port: 'out', effects: [{ kind: 'message', channel: 'official_account', title: `subscribe:${TEMPLATE}`, body: 'thing1=王小明' }] });
    expect(await runNode(subscribeMessageExecutor, { config, now: NOW, contact: { optedOut: ['official_account'] } })).toMatchObject({ port: 'out', reason: 'consent.opted_out' });
  });

  it('refuses a template message on the Official Account, and its templates on the mini-program, naming the field', () => {
    const parsed = subscribeMessageSpec.config.safeParse({ ...config, template: 'TPL_ORDER' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['template'], message: expect.stringContaining('pick a subscription notification template') });
    expect(subscribeMessageSpec.config.parse({ template: 'T1' })).toMatchObject({ app: 'mini_program' });
    expect(subscribeMessageSpec.config.safeParse({ ...config, app: 'mini_program' }).error?.issues[0]).toMatchObject({ path: ['template'], message: expect.stringContaining('an Official Account template') });
  });
});
