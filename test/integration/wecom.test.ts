/**
 * WeCom end to end, against a local double of WeCom's API, on both queue drivers: the plugin loads from
 * ./plugins, a source gets its contact way, a customer added through it arrives as an encrypted callback,
 * enters the journey with that source, is greeted through send_welcome_msg with the callback's code
 * within 20 s, gets later messages as member-confirmed mass-send tasks (pending_confirmation until WeCom
 * reports them sent), and has the journey's tags marked in WeCom.
 */
import { isDeepStrictEqual } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../db/src/index.ts';
import { sendResultsTask } from '../../plugins/wecom/messages.ts';
import { WecomDouble } from '../../plugins/wecom/testing/wecom-double.ts';
import { externalContactEvent, sealCallback, sealEcho } from '../../plugins/wecom/testing/wecom-callbacks.ts';
import { chainGraph } from '../../runtime/src/queue/journey-fixtures.ts';
import type { Runtime } from '../../runtime/src/runtime-contract.ts';
import { startPluginRuntime, type PluginRuntime } from '../support/plugin-runtime.ts';
import { acquireTestRedis, type TestRedis } from '../support/redis-server.ts';
import { until } from '../support/until.ts';

const KEY = 'wecom-test-admin-key-0123';
const KEYS = { corpId: 'ww1436e0e65a779aee', token: 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo', encodingAesKey: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt' };

let redis: TestRedis;
beforeAll(async () => {
  redis = await acquireTestRedis();
});
afterAll(() => redis.release());

describe.each(['embedded', 'bullmq'] as const)('WeCom through the %s queue', (driver) => {
  let t: PluginRuntime;
  let store: Store;
  let runtime: Runtime;
  let app: PluginRuntime['app'];
  let double: WecomDouble;

  const api = (method: string, path: string, body?: unknown) => t.api(method, path, body);
  const wecomCallback = (query: string, body: string) =>
    app.fetch(new Request(`http://server/api/integrations/wecom/callback?${query}`, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body }));

  beforeEach(async () => {
    double = await new WecomDouble(KEYS.corpId, 'contact-secret').start();
    t = await startPluginRuntime({
      driver,
      redisUrl: redis.url,
      name: 'wecom',
      adminKey: KEY,
      env: {
        WECOM_CORP_ID: KEYS.corpId,
        WECOM_SECRET: 'contact-secret',
        WECOM_AGENT_ID: '1000002',
        WECOM_TOKEN: KEYS.token,
        WECOM_ENCODING_AES_KEY: KEYS.encodingAesKey,
        WECOM_API_BASE: double.url,
      },
    });
    ({ store, runtime, app } = t);
  });

  afterEach(async () => {
    await t.stop();
    await double.stop();
  });

  it('greets a customer added through a source’s contact way with send_welcome_msg within 20 s, then sends confirmed mass-send tasks and marks the journey’s tags', async () => {
    const integrations = await api('GET', '/api/integrations');
    expect(integrations.body.items.find((i: { name: string }) => i.name === 'wecom')).toMatchObject({ configured: true, serves: ['wecom_private', 'wecom_group'], status: { active: true } });
    expect(JSON.stringify(integrations.body)).not.toMatch(/contact-secret|6qkdMrq68n|hJqcu3uJ9T/);

    // WeCom verifies the callback URL, and the source gets its contact way.
    const verified = await app.fetch(new Request(`http://server/api/integrations/wecom/callback?${sealEcho(KEYS, 'echo-4242')}`));
    expect([verified.status, await verified.text()]).toEqual([200, 'echo-4242']);
    const way = await api('POST', '/api/integrations/wecom/contact-ways', { source: 'douyin_live', userIds: ['zhangsan'] });
    expect(way).toMatchObject({ status: 201, body: { source: 'douyin_live', qrCode: `${double.url}/wwpic/cfg_1/0` } });
    expect(double.callsTo('/cgi-bin/externalcontact/add_contact_way')).toMatchObject([{ body: { state: 'douyin_live', user: ['zhangsan'], scene: 2 } }]);
    // The QR code image comes through the app's own origin (the editor's CSP loads no other).
    const qr = await app.fetch(new Request('http://server/api/integrations/wecom/contact-ways/douyin_live/qr-code', { headers: { Authorization: `Bearer ${KEY}` } }));
    expect([qr.status, qr.headers.get('content-type'), (await qr.arrayBuffer()).byteLength > 0]).toEqual([200, 'image/png', true]);
    expect((await app.fetch(new Request('http://server/api/integrations/wecom/contact-ways/taobao_live/qr-code', { headers: { Authorization: `Bearer ${KEY}` } }))).status).toBe(404);
    expect((await api('POST', '/api/integrations/wecom/contact-ways', { source: 'Douyin Live!', userIds: [] })).body.error.details.map((d: { path: string[] }) => d.path[0])).toEqual(['source', 'userIds']);

    const graph = chainGraph([
      ['entry', 'entry', { sources: ['douyin_live'] }],
      ['hello', 'content_push', { channel: 'wecom_private', template: '欢迎 {{contact.name}}' }],
      ['tag', 'tag', { add: ['抖音粉丝'] }],
      ['later', 'content_push', { channel: 'wecom_private', template: '新品上市' }],
    ]);
    await t.publish('WeCom welcome', graph);

    // A bad signature is refused and changes nothing.
    const code = double.addCustomer({ external_userid: 'wmCustomer1', name: '王小明', unionid: 'oUnion1', userid: 'zhangsan', state: 'douyin_live' });
    const added = externalContactEvent({ changeType: 'add_external_contact', userId: 'zhangsan', externalUserId: 'wmCustomer1', state: 'douyin_live', welcomeCode: code });
    const sealed = sealCallback(KEYS, added);
    const refused = await wecomCallback(sealed.query.replace(/msg_signature=[0-9a-f]+/, `msg_signature=${'0'.repeat(40)}`), sealed.body);
    expect(refused.status).toBe(401);
    expect(await store.events.countUnprocessed()).toBe(0);

    const sentAt = Date.now();
    const answered = await wecomCallback(sealed.query, sealed.body);
    expect([answered.status, await answered.text()]).toEqual([200, 'success']);
    expect(Date.now() - sentAt).toBeLessThan(5_000);
    const welcome = await until('send_welcome_msg', () => double.welcomes[0]);
    const greetedAfterMs = Date.now() - sentAt;
    console.log(`${driver}: send_welcome_msg reached ${greetedAfterMs} ms after the callback`);
    expect(greetedAfterMs).toBeLessThan(20_000);
    expect(welcome).toEqual({ welcome_code: code, text: '欢迎 王小明' });

    const task = await until('add_msg_template', () => [...double.tasks.values()][0]);
    expect(task).toMatchObject({ chat_type: 'single', sender: 'zhangsan', external_userid: ['wmCustomer1'], text: '新品上市' });
    const byNode = async () => Object.fromEntries((await api('GET', '/api/messages?contactId=wmCustomer1')).body.items.map((m: { nodeId: string; status: string }) => [m.nodeId, m.status]));
    // The tag node's tags went to WeCom as a call of the plugin, through the outbox.
    const outbox = { hello: 'sent', tag: 'sent', later: 'pending_confirmation' };
    await until('the messages delivered', async () => (isDeepStrictEqual(await byNode(), outbox) ? true : undefined), 10_000).catch(() => undefined);
    expect(await byNode()).toEqual(outbox);

    const contact = await api('GET', '/api/contacts/wmCustomer1');
    expect(contact.body).toMatchObject({ name: '王小明', attributes: { wecom: { unionid: 'oUnion1', followUserId: 'zhangsan' } } });
    const tagId = await until('the corporate tag', () => [...double.corpTags.values()].find((t) => t.name === '抖音粉丝')?.id);
    await until('mark_tag', () => (double.marks.get('zhangsan:wmCustomer1')?.has(tagId) ? true : undefined));

    // The member confirms the task in WeCom; the next poll of get_groupmsg_send_result settles it.
    double.settleTask(task.msgid, 1);
    await sendResultsTask.run(runtime.plugins.services('wecom'));
    expect(await byNode()).toEqual({ ...outbox, later: 'sent' });
    const health = await api('GET', '/api/health');
    expect(health.body.plugins.loaded.find((p: { name: string }) => p.name === 'wecom')).toMatchObject({ active: true, channels: ['wecom/private', 'wecom/group', 'wecom/tags'] });
  }, 60_000);

  it("holds a customer's fifth mass message of the month to the first of next month in China time, shown as held", async () => {
    const graph = chainGraph([
      ['entry', 'entry'],
      ...[1, 2, 3, 4, 5].map((n) => [`push${n}`, 'content_push', { channel: 'wecom_private', template: `第 ${n} 条` }] as [string, string, Record<string, unknown>]),
    ]);
    // The check says so before publishing: a warning on each marketing push on the channel.
    const checked = await api('POST', '/api/journeys/validate', { graph });
    expect(checked.body.problems.filter((p: { code: string }) => p.code === 'carrier_limit').map((p: { nodeId: string; message: { 'zh-CN': string } }) => [p.nodeId, p.message['zh-CN']])).toEqual(
      [1, 2, 3, 4, 5].map((n) => [`push${n}`, '「企业微信私聊」每位客户每月最多收到 4 条营销消息（渠道方的规定）：超出的会暂缓到下个月再发']),
    );
    const journeyId = await t.publish('WeCom monthly cap', graph);
    double.addCustomer({ external_userid: 'wmCapped', name: '李雷', userid: 'zhangsan', state: 'douyin_live' });
    const added = sealCallback(KEYS, externalContactEvent({ changeType: 'add_external_contact', userId: 'zhangsan', externalUserId: 'wmCapped', state: 'douyin_live' }));
    expect((await wecomCallback(added.query, added.body)).status).toBe(200);

    const run = await until('the run held at the fifth push', async () => {
      const runs = (await api('GET', `/api/journeys/${journeyId}/runs?status=waiting`)).body.items;
      return runs.find((r: { nodeId: string; held: unknown }) => r.nodeId === 'push5' && r.held);
    });
    const china = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).formatToParts(new Date());
    const [year, month] = [Number(china.find((p) => p.type === 'year')!.value), Number(china.find((p) => p.type === 'month')!.value)];
    const nextMonth = new Date(Date.UTC(year, month, 1) - 8 * 3_600_000).toISOString();
    expect(run.held).toEqual({ reason: 'frequency_cap.carrier', until: nextMonth });
    const messages = (await api('GET', '/api/messages?contactId=wmCapped')).body.items.map((m: { nodeId: string }) => m.nodeId).sort();
    expect(messages).toEqual(['push1', 'push2', 'push3', 'push4']);
  }, 60_000);
});

describe('WeCom without its variables', () => {
  it('loads inactive: health and the integrations page say so, and its routes answer 503', async () => {
    const t = await startPluginRuntime({ driver: 'embedded', redisUrl: '', name: 'wecom-off', adminKey: KEY, env: {} });
    const { app } = t;
    const get = (path: string) => app.fetch(new Request(`http://server${path}`, { headers: { Authorization: `Bearer ${KEY}` } }));
    const health = (await (await get('/api/health')).json()) as { status: string; plugins: { loaded: { name: string; active: boolean }[] } };
    expect(health.plugins.loaded.find((p) => p.name === 'wecom')).toMatchObject({ active: false });
    expect(health.status).toBe('ok');
    const integrations = (await (await get('/api/integrations')).json()) as { items: { name: string; configured: boolean; status: { active: boolean } }[] };
    expect(integrations.items.find((i) => i.name === 'wecom')).toMatchObject({ configured: false, status: { active: false } });
    expect((await app.fetch(new Request('http://server/api/integrations/wecom/callback?echostr=x'))).status).toBe(503);
    await t.stop();
  });
});
