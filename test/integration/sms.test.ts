/**
 * SMS end to end, against local doubles of Aliyun's and Tencent Cloud's SendSms, on both queue drivers:
 * the plugin loads from ./plugins and serves the built-in `sms` channel; a journey's content_push names
 * the approved template in its title and fills its variables in the body; the contact's phone comes from
 * its event's traits; the message awaits the carrier's delivery receipt until the receipt callback settles
 * it; a 退订 reply opts the contact out of SMS; a contact without a phone fails at once.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AliyunSmsDouble } from '../../plugins/sms/testing/aliyun-double.ts';
import { TencentSmsDouble } from '../../plugins/sms/testing/tencent-double.ts';
import { chainGraph } from '../../runtime/src/queue/journey-fixtures.ts';
import { startPluginRuntime, type PluginRuntime } from '../support/plugin-runtime.ts';
import { acquireTestRedis, type TestRedis } from '../support/redis-server.ts';
import { until } from '../support/until.ts';

const KEY = 'sms-test-admin-key-01234';
const TOKEN = 'sms-callback-token-0123456789';

let redis: TestRedis;
beforeAll(async () => {
  redis = await acquireTestRedis();
});
afterAll(() => redis.release());

describe.each(['embedded', 'bullmq'] as const)('SMS through the %s queue', (driver) => {
  let t: PluginRuntime;
  let app: PluginRuntime['app'];
  let aliyun: AliyunSmsDouble;
  let tencent: TencentSmsDouble;

  const api = async (method: string, path: string, body?: unknown) => {
    const { status, body: answer } = await t.api(method, path, body);
    return { status, body: answer };
  };
  /** A carrier's callback: public, no session, the token in the URL configured in the carrier's console. */
  const carrierCallback = (path: string, body: unknown, token = TOKEN) =>
    app.fetch(new Request(`http://server/api/integrations/sms${path}?token=${token}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }));
  const messageOf = async (contactId: string) => {
    const items = (await api('GET', `/api/messages?contactId=${contactId}`)).body.items as { status: string; error: string | null; title: string; body: string }[];
    return items[0];
  };

  async function start(env: Record<string, string>) {
    t = await startPluginRuntime({ driver, redisUrl: redis.url, name: 'sms', adminKey: KEY, env });
    app = t.app;
  }

  async function publish(title: string, template: string) {
    const graph = chainGraph([
      ['entry', 'entry'],
      ['push', 'content_push', { channel: 'sms', title, template }],
    ]);
    await t.publish('SMS coupon', graph);
  }

  const acquire = (contactId: string, traits: Record<string, string>) =>
    api('POST', '/api/events', { contactId, type: 'contact.acquired', properties: { source: 'douyin_live' }, traits });

  beforeEach(async () => {
    aliyun = await new AliyunSmsDouble('LTAI5tIntegrationKey', 'aliyun-integration-secret', '鲸选商城').start();
    tencent = await new TencentSmsDouble('AKIDintegration', 'tencent-integration-key', '1400787878', '鲸选商城').start();
  });

  const stop = () => t.stop();

  afterEach(async () => {
    await stop();
    await aliyun.stop();
    await tencent.stop();
  });

  it('sends an Aliyun template to the contact’s phone, settles it by SmsReport, and opts the contact out of SMS on 退订', async () => {
    await start({
      ALIYUN_SMS_ACCESS_KEY_ID: aliyun.accessKeyId,
      ALIYUN_SMS_ACCESS_KEY_SECRET: aliyun.accessKeySecret,
      ALIYUN_SMS_SIGN_NAME: aliyun.signName,
      ALIYUN_SMS_ENDPOINT: aliyun.url,
      SMS_CALLBACK_TOKEN: TOKEN,
    });
    const integrations = await api('GET', '/api/integrations');
    expect(integrations.body.items.find((i: { name: string }) => i.name === 'sms')).toMatchObject({ configured: true, serves: ['sms'], status: { active: true } });
    expect(JSON.stringify(integrations.body)).not.toMatch(/aliyun-integration-secret|sms-callback-token/);

    await publish('SMS_154950909', '{"code":"{{contact.attributes.coupon}}"}');
    expect((await acquire('wang', { name: '王小明', phone: '13800138000', coupon: 'JX8848' })).status).toBe(202);
    const sent = await until('SendSms', () => aliyun.sent[0]);
    expect(sent).toMatchObject({ phoneNumbers: '13800138000', signName: '鲸选商城', templateCode: 'SMS_154950909', templateParam: { code: 'JX8848' } });
    await until('the message awaiting its receipt', async () => ((await messageOf('wang'))?.status === 'pending_confirmation' ? true : undefined));
    expect(sent.outId).toBe((await api('GET', '/api/messages?contactId=wang')).body.items[0].id);

    expect((await carrierCallback('/aliyun/report', aliyun.report(sent.bizId, true), 'not-the-token-0123456789')).status).toBe(401);
    const report = await carrierCallback('/aliyun/report', aliyun.report(sent.bizId, true));
    expect([report.status, await report.json()]).toEqual([200, { code: 0, msg: '接收成功' }]);
    expect(await messageOf('wang')).toMatchObject({ status: 'sent' });

    expect((await carrierCallback('/aliyun/reply', aliyun.reply('13800138000', '退订'))).status).toBe(200);
    const optedOut = await until('the opt-out', async () => {
      const contact = await api('GET', '/api/contacts/wang');
      return contact.body.consent.optOuts.length > 0 ? contact.body.consent.optOuts : undefined;
    });
    expect(optedOut).toEqual([{ channel: 'sms', at: expect.any(String), source: 'sms_reply' }]);

    // A contact without a phone: the message fails at once, with the reason.
    expect((await acquire('li', { name: '李雷' })).status).toBe(202);
    const failed = await until('the failed message', async () => ((await messageOf('li'))?.status === 'failed' ? messageOf('li') : undefined));
    expect(failed).toMatchObject({ error: 'Contact li has no phone number' });
    expect(aliyun.sent).toHaveLength(1);
  }, 60_000);

  it('sends a Tencent Cloud template with +86 and settles it by the status callback', async () => {
    await start({
      TENCENT_SMS_SECRET_ID: tencent.secretId,
      TENCENT_SMS_SECRET_KEY: tencent.secretKey,
      TENCENT_SMS_SDK_APP_ID: tencent.sdkAppId,
      TENCENT_SMS_SIGN_NAME: tencent.signName,
      TENCENT_SMS_ENDPOINT: tencent.url,
      SMS_CALLBACK_TOKEN: TOKEN,
    });
    await publish('1234567', '["{{contact.attributes.coupon}}"]');
    expect((await acquire('zhao', { phone: '+86 139 0000 1111', coupon: 'JX0001' })).status).toBe(202);
    const sent = await until('SendSms', () => tencent.sent[0]);
    expect(sent).toMatchObject({ phoneNumber: '+8613900001111', templateId: '1234567', templateParamSet: ['JX0001'] });
    await until('the message awaiting its receipt', async () => ((await messageOf('zhao'))?.status === 'pending_confirmation' ? true : undefined));
    expect((await carrierCallback('/aliyun/report', [])).status).toBe(404);
    const report = await carrierCallback('/tencent/report', tencent.report(sent.serialNo, false));
    expect([report.status, await report.json()]).toEqual([200, { result: 0, errmsg: 'OK' }]);
    expect(await messageOf('zhao')).toMatchObject({ status: 'failed', error: 'The carrier could not deliver it: MK:0005 用户手机号停机' });
  }, 60_000);

  it('lists the carrier’s approved templates for the form, by the built-in or the plugin’s channel name, kept a minute', async () => {
    aliyun.templates.set('SMS_200', { name: '会员日', content: '${name}，会员日全场${discount}折', status: 'AUDIT_STATE_PASS' });
    aliyun.templates.set('SMS_201', { name: '审核中', content: '${name}', status: 'AUDIT_STATE_INIT' });
    const env = { ALIYUN_SMS_ACCESS_KEY_ID: aliyun.accessKeyId, ALIYUN_SMS_ACCESS_KEY_SECRET: aliyun.accessKeySecret, ALIYUN_SMS_SIGN_NAME: aliyun.signName, ALIYUN_SMS_ENDPOINT: aliyun.url };
    await start(env);
    const listed = await api('GET', '/api/channels/sms/templates');
    expect(listed).toEqual({
      status: 200,
      body: {
        items: [
          { id: 'SMS_154950909', name: '登录验证码', content: '您的验证码为${code}，5分钟内有效，请勿泄露。', fields: [{ key: 'code' }] },
          { id: 'SMS_200', name: '会员日', content: '${name}，会员日全场${discount}折', fields: [{ key: 'name' }, { key: 'discount' }] },
        ],
      },
    });
    expect(await api('GET', '/api/channels/sms%2Ftext/templates')).toEqual(listed);
    expect(aliyun.requests.filter((r) => r.Action === 'QuerySmsTemplateList')).toHaveLength(1);
    expect(await api('GET', '/api/channels/wecom_private/templates')).toEqual({ status: 200, body: { items: [] } });
    expect((await api('GET', '/api/channels/fax/templates')).status).toBe(404);
    // The launch review warns of a push the carrier would not send: an SMS without its template.
    const pushes = (title: string) => chainGraph([['entry', 'entry'], ['push', 'content_push', { channel: 'sms', title, template: 'code=1' }]]);
    const rules = async (title: string) => (await api('POST', '/api/journeys/validate', { graph: pushes(title) })).body.problems.filter((p: { code: string }) => p.code === 'carrier_rule');
    expect(await rules('')).toEqual([expect.objectContaining({ nodeId: 'push', severity: 'warning', message: expect.objectContaining({ 'zh-CN': expect.stringContaining('审核通过的模板') }) })]);
    expect(await rules('SMS_200')).toEqual([]);
    await stop();

    await start({ ...env, ALIYUN_SMS_ACCESS_KEY_SECRET: 'not-the-secret' });
    const refused = await api('GET', '/api/channels/sms/templates');
    expect(refused.status).toBe(502);
    expect(refused.body.error).toMatchObject({ code: 'carrier_unavailable', message: expect.stringContaining('SignatureDoesNotMatch') });
    await stop();

    await start({});
    expect(await api('GET', '/api/channels/sms/templates')).toEqual({ status: 200, body: { items: [] } });
    expect(await api('GET', '/api/channels/sms%2Ftext/templates')).toMatchObject({ status: 503, body: { error: { code: 'integration_not_configured' } } });
  }, 60_000);
});
