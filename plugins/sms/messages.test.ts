import { isAwaitingConfirmation, PermanentDeliveryError, type ChannelMessage, type DeliveryContext } from '@journey/sdk';
import { createTestServices, type TestServices } from '@journey/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import plugin from './index.ts';
import { isUnsubscribeReply } from './callbacks.ts';
import { RECEIPT_WITHIN_MS, receiptsTask, smsChannel, smsContent } from './messages.ts';
import { smsStatus } from './status.ts';
import { AliyunSmsDouble } from './testing/aliyun-double.ts';
import { TencentSmsDouble } from './testing/tencent-double.ts';

const TOKEN = 'callback-token-0123456789';
let offset = 0;
let services: TestServices;

const message = (id: string, title: string, body: string): ChannelMessage => ({ id, channel: 'sms', title, body, priority: 'marketing', createdAt: Date.now() });
const context = (contactId: string): DeliveryContext => ({
  idempotencyKey: `run_1:push:${contactId}`,
  attempt: 1,
  signal: AbortSignal.timeout(5000),
  origin: { runId: 'run_1', journeyId: 'j1', contactId, nodeId: 'push' },
  services,
});
const deliver = (m: ChannelMessage, contactId = 'c1') => smsChannel.deliver(m, context(contactId));
const route = (path: string) => plugin.routes.find((r) => r.path === path)!;
const callback = (path: string, body: unknown, token = TOKEN) =>
  route(path).handle(new Request(`http://server/api/integrations/sms${path}?token=${token}`, { method: 'POST', body: JSON.stringify(body) }), { services, params: {} });

describe('the SMS content of a message', () => {
  it('takes the template from the title and its variables from the JSON body; refuses free text', () => {
    expect(smsContent({ title: ' SMS_1 ', body: '{"code":"8848","n":3}' })).toEqual({ template: 'SMS_1', params: { code: '8848', n: '3' } });
    expect(smsContent({ title: '1234567', body: '["王小明", 8848]' })).toEqual({ template: '1234567', params: ['王小明', '8848'] });
    expect(smsContent({ title: 'SMS_1', body: '' })).toEqual({ template: 'SMS_1', params: {} });
    expect(() => smsContent({ title: '', body: '{}' })).toThrow(/template in the title/);
    expect(() => smsContent({ title: 'SMS_1', body: '新品上市，快来看看' })).toThrow(PermanentDeliveryError);
    // A line a variable: values as they are, quotes and all (JSON would break on them).
    expect(smsContent({ title: 'SMS_1', body: 'name = 王"小"明\n\ncode=88=48' })).toEqual({ template: 'SMS_1', params: { name: '王"小"明', code: '88=48' } });
    expect(smsContent({ title: '1234567', body: '1=王小明\n2=8848' })).toEqual({ template: '1234567', params: { 1: '王小明', 2: '8848' } });
    expect(() => smsContent({ title: 'SMS_1', body: 'code=8848\n新品上市' })).toThrow(/one name=value a line/);
    expect(() => smsContent({ title: 'SMS_1', body: '{"a":{"b":1}}' })).toThrow(PermanentDeliveryError);
  });

  it('knows the unsubscribe replies', () => {
    expect(['T', 'td', ' 退订 ', 'TD。', 'n'].map(isUnsubscribeReply)).toEqual([true, true, true, true, true]);
    expect(['好的', 'TDD', '不要退订'].map(isUnsubscribeReply)).toEqual([false, false, false]);
  });
});

describe('SMS through Aliyun', () => {
  let double: AliyunSmsDouble;
  beforeEach(async () => {
    offset = 0;
    double = await new AliyunSmsDouble('LTAI5tTestKeyId', 'aliyun-test-secret', '鲸选商城').start();
    services = createTestServices('sms', {
      now: () => Date.now() + offset,
      env: {
        ALIYUN_SMS_ACCESS_KEY_ID: double.accessKeyId,
        ALIYUN_SMS_ACCESS_KEY_SECRET: double.accessKeySecret,
        ALIYUN_SMS_SIGN_NAME: double.signName,
        ALIYUN_SMS_ENDPOINT: double.url,
        SMS_CALLBACK_TOKEN: TOKEN,
      },
    });
    services.identities.set('c1', { phone: '+86 138 0013 8000' });
  });
  afterEach(() => double.stop());

  it('sends to the contact’s phone, awaits the receipt, and settles the message by SmsReport', async () => {
    const receipt = await deliver(message('msg_1', 'SMS_154950909', '{"code":"8848"}'));
    expect(isAwaitingConfirmation(receipt)).toBe(true);
    expect(double.sent).toMatchObject([{ phoneNumbers: '13800138000', templateCode: 'SMS_154950909', templateParam: { code: '8848' }, outId: 'msg_1' }]);
    expect(await smsStatus(services)).toMatchObject({ active: true, items: expect.arrayContaining([{ key: 'awaitingReceipts', label: expect.anything(), value: 1 }]) });

    expect((await callback('/aliyun/report', double.report(double.sent[0]!.bizId, true), 'wrong-token-0123456789')).status).toBe(401);
    expect(services.settled.size).toBe(0);
    const answered = await callback('/aliyun/report', double.report(double.sent[0]!.bizId, true));
    expect([answered.status, await answered.json()]).toEqual([200, { code: 0, msg: '接收成功' }]);
    expect(services.settled.get('msg_1')).toEqual({ status: 'sent' });
    expect(await services.records.list('sent')).toEqual([]);
    expect((await callback('/tencent/report', [])).status).toBe(404);
  });

  it('fails a message whose receipt says undelivered, and one with no receipt within 72 hours', async () => {
    await deliver(message('msg_1', 'SMS_154950909', '{"code":"1"}'));
    await deliver(message('msg_2', 'SMS_154950909', '{"code":"2"}'));
    await callback('/aliyun/report', double.report(double.sent[0]!.bizId, false));
    expect(services.settled.get('msg_1')).toEqual({ status: 'failed', error: 'The carrier could not deliver it: MK:0001 用户手机号停机' });
    await receiptsTask.run(services);
    expect(services.settled.has('msg_2')).toBe(false);
    offset = RECEIPT_WITHIN_MS + 1000;
    await receiptsTask.run(services);
    expect(services.settled.get('msg_2')).toEqual({ status: 'failed', error: 'No delivery receipt from the carrier within 72 hours' });
    expect(await services.records.list('sent')).toEqual([]);
  });

  it('keeps a receipt that came before the outbox awaited it, and settles it on the next receipts pass', async () => {
    await deliver(message('msg_1', 'SMS_154950909', '{"code":"1"}'));
    const early = { ...services, settleMessage: async () => false };
    const report = double.report(double.sent[0]!.bizId, true);
    await route('/aliyun/report').handle(new Request(`http://server/api/integrations/sms/aliyun/report?token=${TOKEN}`, { method: 'POST', body: JSON.stringify(report) }), { services: early, params: {} });
    expect(services.settled.size).toBe(0);
    await receiptsTask.run(services);
    expect(services.settled.get('msg_1')).toEqual({ status: 'sent' });
    expect(await services.records.list('sent')).toEqual([]);
  });

  it('fails at once without a phone, with free text or a template the carrier refuses; retries a rate limit', async () => {
    await expect(deliver(message('m', 'SMS_154950909', '{"code":"1"}'), 'nobody')).rejects.toThrow(new PermanentDeliveryError('Contact nobody has no phone number'));
    await expect(deliver(message('m', 'SMS_154950909', '你好'))).rejects.toThrow(PermanentDeliveryError);
    await expect(deliver(message('m', 'SMS_154950909', '{}'))).rejects.toThrow(new PermanentDeliveryError('Aliyun SMS refused the message (isv.TEMPLATE_MISSING_PARAMETERS): 模板缺少变量'));
    double.failNext.push('isv.BUSINESS_LIMIT_CONTROL');
    const limited = await deliver(message('m', 'SMS_154950909', '{"code":"1"}')).catch((err: unknown) => err);
    expect(limited).toBeInstanceOf(Error);
    expect(limited).not.toBeInstanceOf(PermanentDeliveryError);
  });

  it('turns a 退订 reply into contact.unsubscribed on sms, other replies into sms.replied, once each', async () => {
    await deliver(message('msg_1', 'SMS_154950909', '{"code":"1"}'));
    const unsubscribe = double.reply('13800138000', '退订', 42);
    await callback('/aliyun/reply', unsubscribe);
    await callback('/aliyun/reply', unsubscribe);
    await callback('/aliyun/reply', double.reply('13800138000', '几点开门？', 43));
    await callback('/aliyun/reply', double.reply('13900000000', 'T', 44));
    expect(services.events).toEqual([
      { contactId: 'c1', type: 'contact.unsubscribed', properties: { channel: 'sms', source: 'sms_reply', reply: '退订' }, timestamp: Date.parse('2026-12-01T02:01:00Z'), messageId: 'sms-reply-aliyun-42' },
      { contactId: 'c1', type: 'sms.replied', properties: { text: '几点开门？' }, timestamp: Date.parse('2026-12-01T02:01:00Z'), messageId: 'sms-reply-aliyun-43' },
    ]);
  });
});

describe('SMS through Tencent Cloud', () => {
  let double: TencentSmsDouble;
  beforeEach(async () => {
    double = await new TencentSmsDouble('AKIDtestSecretId', 'tencent-test-key', '1400787878', '鲸选商城').start();
    services = createTestServices('sms', {
      env: {
        TENCENT_SMS_SECRET_ID: double.secretId,
        TENCENT_SMS_SECRET_KEY: double.secretKey,
        TENCENT_SMS_SDK_APP_ID: double.sdkAppId,
        TENCENT_SMS_SIGN_NAME: double.signName,
        TENCENT_SMS_ENDPOINT: double.url,
      },
    });
    services.identities.set('c1', { phone: '13800138000' });
  });
  afterEach(() => double.stop());

  it('without SMS_CALLBACK_TOKEN: a message is sent once Tencent accepts it, and callbacks are refused', async () => {
    const receipt = await deliver(message('msg_1', '1234567', '["8848"]'));
    expect(isAwaitingConfirmation(receipt)).toBe(false);
    expect(receipt).toEqual({ provider: 'tencent', carrierId: double.sent[0]!.serialNo });
    expect((await callback('/tencent/report', double.report(double.sent[0]!.serialNo, true))).status).toBe(401);
  });

  it('with it: settles by the status callback and unsubscribes a TD reply', async () => {
    services = createTestServices('sms', { env: { ...services.env, SMS_CALLBACK_TOKEN: TOKEN } });
    services.identities.set('c1', { phone: '13800138000' });
    expect(isAwaitingConfirmation(await deliver(message('msg_1', '1234567', '["8848"]')))).toBe(true);
    const answered = await callback('/tencent/report', double.report(double.sent[0]!.serialNo, true));
    expect([answered.status, await answered.json()]).toEqual([200, { result: 0, errmsg: 'OK' }]);
    expect(services.settled.get('msg_1')).toEqual({ status: 'sent' });
    await callback('/tencent/reply', double.reply('13800138000', 'TD', 1764554400));
    expect(services.events).toEqual([
      { contactId: 'c1', type: 'contact.unsubscribed', properties: { channel: 'sms', source: 'sms_reply', reply: 'TD' }, timestamp: 1764554400_000, messageId: 'sms-reply-tencent-8613800138000-1764554400' },
    ]);
    expect((await callback('/tencent/reply', { mobile: 1 })).status).toBe(400);
  });

  it('fails for good on the number’s daily limit', async () => {
    double.failNext.push('LimitExceeded.PhoneNumberDailyLimit');
    await expect(deliver(message('msg_1', '1234567', '["8848"]'))).rejects.toBeInstanceOf(PermanentDeliveryError);
  });
});

describe('SMS configuration', () => {
  it('is inactive without variables, and says what is wrong when both carriers or a bad value are set', async () => {
    expect(plugin.configured({})).toBe(false);
    const both = createTestServices('sms', { env: { ALIYUN_SMS_ACCESS_KEY_ID: 'a', TENCENT_SMS_SECRET_ID: 'b' } });
    expect(plugin.configured(both.env)).toBe(false);
    expect((await smsStatus(both)).items[0]!.value).toMatch(/Both ALIYUN_SMS_\* and TENCENT_SMS_\*/);
    const bad = createTestServices('sms', { env: { TENCENT_SMS_SECRET_ID: 'a', TENCENT_SMS_SECRET_KEY: 'b', TENCENT_SMS_SDK_APP_ID: 'app', TENCENT_SMS_SIGN_NAME: 's' } });
    expect((await smsStatus(bad)).items[0]!.value).toMatch(/TENCENT_SMS_SDK_APP_ID is a number/);
  });
});
