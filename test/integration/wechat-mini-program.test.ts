/**
 * The WeChat mini-program's subscribe messages end to end, against the local double of WeChat's API, on
 * both queue drivers: the plugin loads from ./plugins with only the mini-program configured and serves
 * `mini_program`; its templates come with their fields' limits; a journey's subscribe_message node parks
 * a contact without a subscription until the mini-program's message push says they accepted one, then
 * sends on it; a subscription reported by the brand's backend (ingest key) is used at once; without one
 * left a content_push on mini_program fails without calling WeChat, and the node leaves by its timeout.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { accountCallback, subscribePopupEvent, type AccountKeys } from '../../plugins/wechat/testing/wechat-callbacks.ts';
import { WechatDouble } from '../../plugins/wechat/testing/wechat-double.ts';
import { chainGraph } from '../../runtime/src/queue/journey-fixtures.ts';
import { startPluginRuntime, type PluginRuntime } from '../support/plugin-runtime.ts';
import { acquireTestRedis, type TestRedis } from '../support/redis-server.ts';
import { until } from '../support/until.ts';

const KEY = 'wechat-mini-test-admin-key-01';
const MINI: AccountKeys = { appId: 'wx7b2c4d6e8f0a1b3c', token: 'miniToken1', encodingAesKey: 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut' };
const TEMPLATE = 'bDmywsp2oEHjwAadTGKkUHpzeG1Z1fg4mGBcaWk0BdU';
const seconds = () => Math.floor(Date.now() / 1000);

let redis: TestRedis;
beforeAll(async () => {
  redis = await acquireTestRedis();
});
afterAll(() => redis.release());

describe.each(['embedded', 'bullmq'] as const)('Mini-program subscribe messages through the %s queue', (driver) => {
  let t: PluginRuntime;
  let double: WechatDouble;
  let app: PluginRuntime['app'];

  const api = (method: string, path: string, body?: unknown, key = KEY) => t.api(method, path, body, key);
  const push = async (xml: string) => {
    const { query, body } = accountCallback(MINI, xml, { timestamp: seconds() });
    const res = await app.fetch(new Request(`http://server/api/integrations/wechat/mini-program/callback?${query}`, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body }));
    return { status: res.status, text: await res.text() };
  };
  const messagesOf = async (contactId: string) => (await api('GET', `/api/messages?contactId=${contactId}`)).body.items as { status: string; error: string | null; title: string }[];
  const publish = (name: string, graph: unknown) => t.publish(name, graph);
  const acquire = (contactId: string, openid: string) =>
    api('POST', '/api/events', { contactId, type: 'contact.acquired', properties: { source: 'mini_program' }, traits: { wechatMiniOpenId: openid } });

  beforeEach(async () => {
    double = await new WechatDouble('wx5c8e3a1d2f4b6a70', 'oa-app-secret').start();
    double.addMiniProgram(MINI.appId, 'mini-app-secret');
    double.subscribeTemplates.set(TEMPLATE, { priTmplId: TEMPLATE, title: '到货提醒', content: '商品名称:{{thing1.DATA}}\n到货时间:{{time2.DATA}}', example: '', type: 2 });
    t = await startPluginRuntime({
      driver,
      redisUrl: redis.url,
      name: 'wechat-mini',
      adminKey: KEY,
      env: {
        WECHAT_MINI_APP_ID: MINI.appId,
        WECHAT_MINI_APP_SECRET: 'mini-app-secret',
        WECHAT_MINI_TOKEN: MINI.token,
        WECHAT_MINI_ENCODING_AES_KEY: MINI.encodingAesKey!,
        WECHAT_API_ENDPOINT: double.url,
      },
    });
    app = t.app;
  });

  afterEach(async () => {
    await t.stop();
    await double.stop();
  });

  it('waits for a subscription, sends on it once, uses a reported one at once, and never sends without one', async () => {
    const integrations = await api('GET', '/api/integrations');
    const wechat = integrations.body.items.find((i: { name: string }) => i.name === 'wechat');
    expect(wechat).toMatchObject({ configured: true, status: { active: true } });
    expect(wechat.serves).toContain('mini_program');
    expect(JSON.stringify(integrations.body)).not.toMatch(/mini-app-secret|ZYXWVUTSRQ|miniToken1/);
    const templates = await api('GET', '/api/channels/mini_program/templates');
    expect(templates.body.items).toEqual([
      expect.objectContaining({ id: TEMPLATE, name: '到货提醒', fields: [expect.objectContaining({ key: 'thing1', label: '商品名称', maxLength: 20 }), expect.objectContaining({ key: 'time2' }), expect.objectContaining({ key: '_page' })] }),
    ]);

    const notices = await publish(
      'Arrival notice',
      chainGraph([
        ['entry', 'entry', { event: 'contact.acquired', sources: ['mini_program'] }],
        ['notice', 'wechat/subscribe_message', { template: TEMPLATE, variables: 'thing1=明前龙井\ntime2=2026年12月8日 10:00\n_page=pages/tea/index', timeout: { days: 1, hours: 0, minutes: 0, seconds: 0 } }],
      ]),
    );

    // Li has no subscription: the run waits, and nothing goes to WeChat.
    expect((await acquire('li', 'oMiniLi000000001')).status).toBe(202);
    const waiting = await until('li waiting for a subscription', async () => (await api('GET', `/api/journeys/${notices}/runs?status=waiting`)).body.items[0]);
    expect(waiting).toMatchObject({ contactId: 'li', nodeId: 'notice' });
    expect(double.callsTo('/cgi-bin/message/subscribe/send')).toHaveLength(0);

    // Li accepts in the mini-program: WeChat pushes subscribe_msg_popup_event, and the message goes on it.
    double.acceptSubscription('oMiniLi000000001', TEMPLATE);
    const popup = subscribePopupEvent({ openid: 'oMiniLi000000001', createTime: seconds(), templates: [{ id: TEMPLATE, status: 'accept' }] });
    expect(await push(popup)).toEqual({ status: 200, text: 'success' });
    expect(await push(popup)).toEqual({ status: 200, text: 'success' });
    const sent = await until('the subscribe message to li', () => double.subscribeMessages[0]);
    expect(sent).toMatchObject({ touser: 'oMiniLi000000001', template_id: TEMPLATE, page: 'pages/tea/index', data: { thing1: { value: '明前龙井' }, time2: { value: '2026年12月8日 10:00' } } });
    await until('li’s message sent', async () => ((await messagesOf('li'))[0]?.status === 'sent' ? true : undefined));

    // Wang's subscription is reported by the brand's backend with an ingest key, before Wang enters: sent at once.
    const ingest = await api('POST', '/api/api-keys', { name: 'mini-program backend', scope: 'ingest' });
    expect(ingest.status).toBe(201);
    const viewer = await api('POST', '/api/api-keys', { name: 'dashboard', scope: 'viewer' });
    const report = { openid: 'oMiniWang0000002', templateIds: [TEMPLATE] };
    expect((await api('POST', '/api/integrations/wechat/mini-program/subscriptions', report, 'not-a-key')).status).toBe(401);
    expect((await api('POST', '/api/integrations/wechat/mini-program/subscriptions', report, viewer.body.key)).status).toBe(403);
    double.acceptSubscription('oMiniWang0000002', TEMPLATE);
    expect((await api('POST', '/api/integrations/wechat/mini-program/subscriptions', report, ingest.body.key)).body).toEqual({ contactId: 'oMiniWang0000002', added: 1 });
    expect((await acquire('oMiniWang0000002', 'oMiniWang0000002')).status).toBe(202);
    await until('the subscribe message to wang', () => double.subscribeMessages[1]);
    await until('wang’s message sent', async () => ((await messagesOf('oMiniWang0000002'))[0]?.status === 'sent' ? true : undefined));

    // A content_push on mini_program to li, whose one subscription is used: it waits for the next, WeChat not called…
    const again = await publish('Push again', chainGraph([
      ['entry', 'entry', { event: 'order.paid' }],
      ['push', 'content_push', { channel: 'mini_program', title: TEMPLATE, template: 'thing1=碧螺春\ntime2=2026年12月9日 10:00' }],
    ]));
    expect((await api('POST', '/api/events', { contactId: 'li', type: 'order.paid', properties: { amount: 10 } })).status).toBe(202);
    const parked = await until('the push waiting for a subscription', async () => (await api('GET', `/api/journeys/${again}/runs?status=waiting`)).body.items[0]);
    expect(parked).toMatchObject({ contactId: 'li', nodeId: 'push' });
    expect(double.callsTo('/cgi-bin/message/subscribe/send')).toHaveLength(2);
    // …and goes on the one li accepts next.
    double.acceptSubscription('oMiniLi000000001', TEMPLATE);
    const next = subscribePopupEvent({ openid: 'oMiniLi000000001', createTime: seconds() + 1, templates: [{ id: TEMPLATE, status: 'accept' }] });
    expect(await push(next)).toEqual({ status: 200, text: 'success' });
    const pushed = await until('the pushed subscribe message to li', () => double.subscribeMessages[2]);
    expect(pushed).toMatchObject({ touser: 'oMiniLi000000001', data: { thing1: { value: '碧螺春' } } });
    expect((await messagesOf('li')).map((m) => m.status)).not.toContain('failed');
  }, 60_000);

  it('leaves by the timeout when no subscription comes, sending nothing', async () => {
    const quick = await publish('Quick notice', chainGraph([
      ['entry', 'entry', { event: 'contact.acquired', sources: ['mini_program'] }],
      ['notice', 'wechat/subscribe_message', { template: TEMPLATE, variables: 'thing1=明前龙井\ntime2=明天', timeout: { days: 0, hours: 0, minutes: 0, seconds: 1 } }, 'timeout'],
      ['after', 'tag', { add: ['no_subscription'] }],
    ]));
    expect((await acquire('zhao', 'oMiniZhao0000003')).status).toBe(202);
    const done = await until('zhao’s run past the timeout', async () => (await api('GET', `/api/journeys/${quick}/runs?status=completed`)).body.items[0]);
    expect(done).toMatchObject({ contactId: 'zhao' });
    expect((await api('GET', '/api/contacts/zhao')).body.tags).toContain('no_subscription');
    expect(double.callsTo('/cgi-bin/message/subscribe/send')).toHaveLength(0);
  }, 60_000);
});
