import { awaitConfirmation, PermanentDeliveryError, type ChannelMessage } from '@journey/sdk';
import { createTestServices, type TestServices } from '@journey/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processCallback } from './callbacks.ts';
import { officialAccountChannel, officialAccountTemplates, templateRequest } from './messages.ts';
import { WechatDouble } from './testing/wechat-double.ts';

let now = Date.UTC(2026, 11, 1, 12);
let double: WechatDouble;
let services: TestServices;
let seq = 0;
const signal = new AbortController().signal;
const message = (title: string, body: string): ChannelMessage => ({ id: `msg_${++seq}`, channel: 'wechat/official_account', title, body, priority: 'marketing', createdAt: now });
const deliver = (m: ChannelMessage, contactId = 'c1') =>
  officialAccountChannel.deliver(m, { idempotencyKey: `run_1:push:${seq}`, attempt: 1, signal, services, origin: { runId: 'run_1', journeyId: 'j1', contactId, nodeId: 'push' } });
/** The follower's callback, as the plugin takes it. */
const interaction = (fields: Record<string, string>) => processCallback(services, { FromUserName: 'oFollower1', CreateTime: String(Math.floor(now / 1000)), ...fields });

beforeEach(async () => {
  now = Date.UTC(2026, 11, 1, 12);
  double = await new WechatDouble(undefined, undefined, () => now).start();
  services = createTestServices('wechat', {
    now: () => now,
    env: { WECHAT_OA_APP_ID: double.appId, WECHAT_OA_APP_SECRET: double.appSecret, WECHAT_OA_TOKEN: 'pamtest', WECHAT_API_ENDPOINT: double.url },
  });
  services.identities.set('c1', { wechatOpenId: 'oFollower1' });
  double.addTemplate({ template_id: 'TPL_ARRIVAL', title: '到货提醒', content: '商品名称{{thing1.DATA}}\n到货时间{{time2.DATA}}' });
});
afterEach(() => double.stop());

describe('template messages', () => {
  it('take the variables one key=value a line, the jump variables out, and the idempotency key as client_msg_id', () => {
    expect(templateRequest('oF', { title: ' TPL ', body: 'thing1=王"小"明的春茶\n_miniprogram_appid=wx0123456789abcdef\n_miniprogram_pagepath=pages/item?id=1\n_url=' }, 'run_1:push:1')).toEqual({
      touser: 'oF',
      template_id: 'TPL',
      miniprogram: { appid: 'wx0123456789abcdef', pagepath: 'pages/item?id=1' },
      client_msg_id: 'run_1:push:1',
      data: { thing1: { value: '王"小"明的春茶' } },
    });
    expect((templateRequest('oF', { title: 'TPL', body: '{"thing1":"x","_url":"https://shop.example/a"}' }, 'k'.repeat(80)) as { client_msg_id: string }).client_msg_id).toMatch(/^[0-9a-f]{40}$/);
    expect(() => templateRequest('oF', { title: 'TPL', body: '["a","b"]' }, 'k')).toThrow('names its variables');
    expect(() => templateRequest('oF', { title: 'TPL', body: '_miniprogram_pagepath=pages/a' }, 'k')).toThrow('_miniprogram_pagepath needs _miniprogram_appid');
    expect(() => templateRequest('oF', { title: 'TPL', body: '_url=shop.example' }, 'k')).toThrow('_url is a web address');
    expect(() => templateRequest('oF', { title: 'TPL', body: '春茶到了，快来看看' }, 'k')).toThrow(PermanentDeliveryError);
  });

  it('go to the contact’s openid outside any window, once per idempotency key', async () => {
    double.follow('oFollower1');
    now += 7 * 86_400_000;
    const m = message('TPL_ARRIVAL', 'thing1=明前龙井\ntime2=2026年12月8日 10:00\n_url=https://shop.example/tea');
    // Accepted, it awaits WeChat's report (TEMPLATESENDJOBFINISH) under WeChat's msgid.
    const receipt = await deliver(m);
    expect(receipt).toEqual(awaitConfirmation({ kind: 'template', msgid: expect.any(Number) }));
    expect(await deliver(m)).toEqual(receipt);
    expect(double.templateMessages).toHaveLength(1);
    expect((await services.records.get('template_sent', String(double.templateMessages[0]!.msgid)))?.value).toEqual({ messageId: m.id, sentAt: now });
    expect(double.templateMessages[0]!.body).toEqual({
      touser: 'oFollower1',
      template_id: 'TPL_ARRIVAL',
      url: 'https://shop.example/tea',
      client_msg_id: `run_1:push:${seq}`,
      data: { thing1: { value: '明前龙井' }, time2: { value: '2026年12月8日 10:00' } },
    });
  });

  it('fail for good on what WeChat refuses for good, and are not sent to a follower who unfollowed', async () => {
    double.follow('oFollower1');
    await expect(deliver(message('TPL_ARRIVAL', 'thing1=这个商品名称远远超过了二十个字符的限制所以会被拒绝\ntime2=10:00'))).rejects.toThrow('a template variable is missing or not valid for its type (errcode 47003');
    await expect(deliver(message('TPL_OTHER', 'thing1=x'))).rejects.toThrow('errcode 40037');
    await expect(deliver(message('TPL_ARRIVAL', 'thing1=x'), 'c_without_openid')).rejects.toThrow('Contact c_without_openid has no Official Account openid');
    double.failNext.set('/cgi-bin/message/template/send', [-1]);
    await expect(deliver(message('TPL_ARRIVAL', 'thing1=x\ntime2=10:00'))).rejects.not.toBeInstanceOf(PermanentDeliveryError);
    await interaction({ MsgType: 'event', Event: 'unsubscribe' });
    const before = double.calls.length;
    await expect(deliver(message('TPL_ARRIVAL', 'thing1=x\ntime2=10:00'))).rejects.toThrow('Not sent: the follower unfollowed the Official Account');
    expect(double.calls.length).toBe(before);
  });
});

describe('customer-service messages', () => {
  it('go inside the window the follower opened, within its quota, and never reach WeChat outside it', async () => {
    double.message('oFollower1');
    await interaction({ MsgType: 'text', Content: '在吗', MsgId: '1001' });
    for (let i = 1; i <= 5; i++) expect(await deliver(message('', `第 ${i} 条`))).toEqual({ kind: 'customer_service' });
    expect(double.customMessages.map((m) => m.content)).toEqual(['第 1 条', '第 2 条', '第 3 条', '第 4 条', '第 5 条']);
    const calls = double.callsTo('/cgi-bin/message/custom/send').length;
    await expect(deliver(message('', '第 6 条'))).rejects.toThrow("used up");
    now += 48 * 3_600_000;
    await expect(deliver(message('', '两天后'))).rejects.toThrow('outside the customer-service window');
    expect(double.callsTo('/cgi-bin/message/custom/send')).toHaveLength(calls);
    expect(double.customMessages).toHaveLength(5);
  });

  it('are sent once per effect: a retry after a send answers as it did, one after an unknown outcome is not sent again', async () => {
    double.message('oFollower1');
    await interaction({ MsgType: 'text', Content: '在吗', MsgId: '1002' });
    const context = (idempotencyKey: string, timeout?: AbortSignal) => ({
      idempotencyKey, attempt: 1, signal: timeout ?? signal, services, origin: { runId: 'run_1', journeyId: 'j1', contactId: 'c1', nodeId: 'cs' },
    });
    const first = message('', '一');
    await officialAccountChannel.deliver(first, context('run_1:cs:1'));
    expect(await officialAccountChannel.deliver(first, context('run_1:cs:1'))).toEqual({ kind: 'customer_service' });
    expect(double.customMessages).toHaveLength(1);

    // WeChat was busy: nothing was sent, and the retry sends.
    double.failNext.set('/cgi-bin/message/custom/send', [-1]);
    const second = message('', '二');
    await expect(officialAccountChannel.deliver(second, context('run_1:cs:2'))).rejects.toThrow('errcode -1');
    await officialAccountChannel.deliver(second, context('run_1:cs:2'));
    expect(double.customMessages.map((m) => m.content)).toEqual(['一', '二']);

    // The answer did not come in time, though WeChat sent it: the retry does not send a second copy.
    double.delayNext.set('/cgi-bin/message/custom/send', 500);
    const third = message('', '三');
    await expect(officialAccountChannel.deliver(third, context('run_1:cs:3', AbortSignal.timeout(100)))).rejects.toThrow();
    await expect(officialAccountChannel.deliver(third, context('run_1:cs:3'))).rejects.toThrow('Not sent again: an earlier attempt may have reached WeChat');
    expect(double.customMessages.map((m) => m.content)).toEqual(['一', '二', '三']);
  });

  it('go for a minute after a follow, and to nobody who never interacted', async () => {
    double.follow('oFollower1');
    await interaction({ MsgType: 'event', Event: 'subscribe' });
    await deliver(message('', '欢迎关注'));
    expect(double.customMessages).toEqual([{ touser: 'oFollower1', msgtype: 'text', content: '欢迎关注' }]);
    services.identities.set('c2', { wechatOpenId: 'oQuiet' });
    await expect(deliver(message('', '你好'), 'c2')).rejects.toThrow('has not interacted with the Official Account recently');
    expect(double.callsTo('/cgi-bin/message/custom/send')).toHaveLength(1);
  });
});

describe('templates', () => {
  it('are the account’s templates with their fields and the jump variables, asked once in a while', async () => {
    double.bizsendEnabled = false;
    const templates = await officialAccountTemplates({ services, signal });
    expect(templates).toEqual([
      {
        id: 'TPL_ARRIVAL',
        kind: { 'zh-CN': '模板消息', en: 'Template message' },
        name: '到货提醒',
        content: '商品名称{{thing1.DATA}}\n到货时间{{time2.DATA}}',
        fields: [
          { key: 'thing1', label: '商品名称', maxLength: 20, hint: expect.any(String) },
          { key: 'time2', label: '到货时间', hint: expect.any(String) },
          { key: '_url', label: expect.stringContaining('跳转链接'), hint: expect.any(String) },
          { key: '_miniprogram_appid', label: expect.any(String), hint: expect.any(String) },
          { key: '_miniprogram_pagepath', label: expect.any(String), hint: expect.any(String) },
        ],
      },
    ]);
    await officialAccountTemplates({ services, signal });
    expect(double.callsTo('/cgi-bin/template/get_all_private_template')).toHaveLength(1);
  });
});
