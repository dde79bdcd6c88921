import { PermanentDeliveryError, type ChannelMessage } from '@journey/sdk';
import { createTestServices, type TestServices } from '@journey/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { miniProgramChannel, miniProgramTemplates, subscribeRequest } from './mini-program-messages.ts';
import { addSubscriptions, MINI_EVENTS, MINI_PROGRAM_SUBSCRIPTIONS, subscriptionsLeft } from './subscriptions.ts';
import { WechatDouble } from './testing/wechat-double.ts';

const MINI = { appId: 'wx7b2c4d6e8f0a1b3c', secret: 'mini-app-secret' };
const TEMPLATE = 'tmpl-arrival-0001';
const OPENID = 'oMiniUser0001abc';
let now = Date.UTC(2026, 11, 1, 12);
let double: WechatDouble;
let services: TestServices;
let seq = 0;
let reports = 0;
const signal = new AbortController().signal;
const message = (body: string, title = TEMPLATE): ChannelMessage => ({ id: `msg_${++seq}`, channel: 'wechat/mini_program', title, body, priority: 'marketing', createdAt: now });
const deliver = (m: ChannelMessage, attempt = 1) =>
  miniProgramChannel.deliver(m, { idempotencyKey: `run_1:push:${seq}`, attempt, signal, services, origin: { runId: 'run_1', journeyId: 'j1', contactId: 'c1', nodeId: 'push' } });
const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (err: unknown) => err);
const subscribe = (times = 1) => {
  double.acceptSubscription(OPENID, TEMPLATE, times);
  return Promise.all(Array.from({ length: times }, () => addSubscriptions(services, MINI_PROGRAM_SUBSCRIPTIONS, { contactId: 'c1', openid: OPENID, templateIds: [TEMPLATE], at: now, reportId: `r${++reports}` })));
};
const sendCalls = () => double.callsTo('/cgi-bin/message/subscribe/send');
const eventsOf = (type: string) => services.events.filter((e) => e.type === type);

beforeEach(async () => {
  now = Date.UTC(2026, 11, 1, 12);
  double = await new WechatDouble(undefined, undefined, () => now).start();
  double.addMiniProgram(MINI.appId, MINI.secret);
  double.subscribeTemplates.set(TEMPLATE, { priTmplId: TEMPLATE, title: '到货提醒', content: '商品名称:{{thing1.DATA}}\n到货时间:{{time2.DATA}}\n状态:{{phrase3.DATA}}', example: '', type: 2 });
  services = createTestServices('wechat', {
    now: () => now,
    env: { WECHAT_MINI_APP_ID: MINI.appId, WECHAT_MINI_APP_SECRET: MINI.secret, WECHAT_MINI_TOKEN: 'miniToken1', WECHAT_API_ENDPOINT: double.url },
  });
  services.identities.set('c1', { wechatMiniOpenId: OPENID });
});
afterEach(() => double.stop());

const BODY = 'thing1=明前龙井\ntime2=2026年12月8日 10:00\nphrase3=已到货\n_page=pages/item/index?id=7';

describe('subscribe messages', () => {
  it('take the variables one key=value a line, _page as the page, and refuse a variable over its kind’s limit before any send', () => {
    expect(subscribeRequest('oU', { title: ' T1 ', body: BODY }, 'trial')).toEqual({
      touser: 'oU',
      template_id: 'T1',
      page: 'pages/item/index?id=7',
      miniprogram_state: 'trial',
      lang: 'zh_CN',
      data: { thing1: { value: '明前龙井' }, time2: { value: '2026年12月8日 10:00' }, phrase3: { value: '已到货' } },
    });
    expect(() => subscribeRequest('oU', { title: 'T1', body: 'thing1=' + '龙'.repeat(21) }, 'formal')).toThrow('thing1 is 21 characters long; WeChat takes at most 20 in a thing variable');
    expect(() => subscribeRequest('oU', { title: 'T1', body: 'phrase3=配送中请稍候' }, 'formal')).toThrow('at most 5');
    expect(() => subscribeRequest('oU', { title: 'T1', body: '["a"]' }, 'formal')).toThrow('names its variables');
    expect(() => subscribeRequest('oU', { title: '', body: '' }, 'formal')).toThrow(PermanentDeliveryError);
  });

  it('are sent one per subscription the contact accepted, and never without one', async () => {
    const none = await refusal(deliver(message(BODY)));
    expect(none).toBeInstanceOf(PermanentDeliveryError);
    expect((none as Error).message).toContain('has no subscription left for the mini-program template tmpl-arrival-0001');
    expect(sendCalls()).toHaveLength(0);

    await subscribe();
    expect(await deliver(message(BODY))).toEqual({ kind: 'subscription', templateId: TEMPLATE });
    expect(double.subscribeMessages).toEqual([expect.objectContaining({ touser: OPENID, template_id: TEMPLATE, page: 'pages/item/index?id=7', miniprogram_state: 'formal' })]);
    expect(await subscriptionsLeft(services, MINI_PROGRAM_SUBSCRIPTIONS, 'c1', TEMPLATE)).toBe(0);
    expect(await refusal(deliver(message(BODY)))).toBeInstanceOf(PermanentDeliveryError);
    expect(sendCalls()).toHaveLength(1);
    expect(eventsOf(MINI_EVENTS.subscribed)).toEqual([expect.objectContaining({ contactId: 'c1', properties: { templateId: TEMPLATE }, traits: { wechatMiniOpenId: OPENID } })]);
    expect(eventsOf(MINI_EVENTS.subscriptionUsed)).toEqual([expect.objectContaining({ contactId: 'c1', properties: { templateId: TEMPLATE } })]);
  });

  it('set the ledger to 0 when WeChat says none is left (43101), and count each as used', async () => {
    await subscribe(2);
    double.subscriptions.set(`${OPENID} ${TEMPLATE}`, 0);
    const err = await refusal(deliver(message(BODY)));
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect((err as Error).message).toContain('no subscription left for this template (errcode 43101');
    expect(await subscriptionsLeft(services, MINI_PROGRAM_SUBSCRIPTIONS, 'c1', TEMPLATE)).toBe(0);
    expect(eventsOf(MINI_EVENTS.subscriptionUsed)).toHaveLength(2);
    expect(await refusal(deliver(message(BODY)))).toBeInstanceOf(PermanentDeliveryError);
    expect(sendCalls()).toHaveLength(1);
  });

  it('keep the subscription a send reserved through retries, and give it back when WeChat refuses the message for good', async () => {
    await subscribe();
    double.failNext.set('/cgi-bin/message/subscribe/send', [-1]);
    const m = message(BODY);
    expect(await refusal(deliver(m))).not.toBeInstanceOf(PermanentDeliveryError);
    expect(await subscriptionsLeft(services, MINI_PROGRAM_SUBSCRIPTIONS, 'c1', TEMPLATE)).toBe(0);
    expect(await deliver(m, 2)).toEqual({ kind: 'subscription', templateId: TEMPLATE });
    expect(double.subscribeMessages).toHaveLength(1);

    await subscribe();
    double.subscribeTemplates.delete(TEMPLATE);
    expect(await refusal(deliver(message(BODY)))).toBeInstanceOf(PermanentDeliveryError);
    expect(await subscriptionsLeft(services, MINI_PROGRAM_SUBSCRIPTIONS, 'c1', TEMPLATE)).toBe(1);
    expect(eventsOf(MINI_EVENTS.subscriptionUsed)).toHaveLength(1);
  });

  it('fail at once while only the Official Account is configured', async () => {
    services = createTestServices('wechat', { env: { WECHAT_OA_APP_ID: 'wx5c8e3a1d2f4b6a70', WECHAT_OA_APP_SECRET: 's', WECHAT_OA_TOKEN: 'pamtest', WECHAT_API_ENDPOINT: double.url } });
    expect(await refusal(deliver(message(BODY)))).toMatchObject({ name: 'PermanentDeliveryError', message: 'Not sent: the mini-program is not configured on this server (WECHAT_MINI_* not set)' });
    expect(double.calls).toHaveLength(0);
  });

  it('refuse a contact without a mini-program openid', async () => {
    services.identities.set('c1', { wechatOpenId: 'oOfficialAccount1' });
    expect(await refusal(deliver(message(BODY)))).toMatchObject({ message: expect.stringContaining('has no mini-program openid') });
  });
});

describe('the mini-program’s templates', () => {
  it('list each field with the limit of its kind, and the page', async () => {
    expect(await miniProgramTemplates({ services, signal })).toEqual([
      {
        id: TEMPLATE,
        name: '到货提醒',
        content: '商品名称:{{thing1.DATA}}\n到货时间:{{time2.DATA}}\n状态:{{phrase3.DATA}}',
        fields: [
          { key: 'thing1', label: '商品名称', maxLength: 20, hint: expect.any(String) },
          { key: 'time2', label: '到货时间', hint: expect.any(String) },
          { key: 'phrase3', label: '状态', maxLength: 5, hint: expect.any(String) },
          { key: '_page', label: '跳转页面 / Page', hint: expect.any(String) },
        ],
      },
    ]);
    expect(double.callsTo('/cgi-bin/stable_token')[0]?.body).toMatchObject({ appid: MINI.appId });
  });
});
