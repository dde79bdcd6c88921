/**
 * The WeChat Official Account end to end, against a local double of WeChat's API, on both queue drivers:
 * the plugin loads from ./plugins; WeChat verifies the server URL; a follow through a parameter QR code
 * arrives as a safe-mode callback, creates the contact (id = openid, identity wechatOpenId) and enrols it
 * in the journey of that source, which greets it with a customer-service message inside the minute the
 * follow opened and then sends a template message, settled by WeChat's report; a customer-service message outside the window is
 * refused by the plugin without calling WeChat; an unfollow becomes an event and stops further messages.
 * Subscription notifications (订阅通知): a subscribe_message node on the Official Account waits until the
 * callback's subscribe_msg_popup_event brings a subscription, then spends it on message/subscribe/bizsend;
 * a second node of the template waits again, a subscription the brand's web page reports (ingest key) is
 * spent by it, and a content_push of the template then waits for the next, without calling WeChat.
 */
import { isDeepStrictEqual } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../db/src/index.ts';
import { WechatDouble } from '../../plugins/wechat/testing/wechat-double.ts';
import { accountCallback, accountEcho, followerEvent, followerText, subscribePopupEvent, templateJobFinished, type AccountKeys } from '../../plugins/wechat/testing/wechat-callbacks.ts';
import { chainGraph, type ChainNode } from '../../runtime/src/queue/journey-fixtures.ts';
import { startPluginRuntime, type PluginRuntime } from '../support/plugin-runtime.ts';
import { acquireTestRedis, type TestRedis } from '../support/redis-server.ts';
import { until } from '../support/until.ts';

const KEY = 'wechat-test-admin-key-0123';
const KEYS: AccountKeys = { appId: 'wx5c8e3a1d2f4b6a70', token: 'pamtest', encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' };
const NOTICE = 'VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc';
const seconds = () => Math.floor(Date.now() / 1000);

let redis: TestRedis;
beforeAll(async () => {
  redis = await acquireTestRedis();
});
afterAll(() => redis.release());

describe.each(['embedded', 'bullmq'] as const)('The Official Account through the %s queue', (driver) => {
  let t: PluginRuntime;
  let store: Store;
  let app: PluginRuntime['app'];
  let double: WechatDouble;

  const api = (method: string, path: string, body?: unknown, key = KEY) => t.api(method, path, body, key);
  const callback = async (xml: string, keys: AccountKeys = KEYS) => {
    const { query, body } = accountCallback(keys, xml, { timestamp: seconds() });
    const res = await app.fetch(new Request(`http://server/api/integrations/wechat/callback?${query}`, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body }));
    return { status: res.status, text: await res.text() };
  };
  const messagesOf = async (contactId: string) =>
    ((await api('GET', `/api/messages?contactId=${contactId}`)).body.items as { nodeId: string; status: string; error: string | null }[]).sort((a, b) => a.nodeId.localeCompare(b.nodeId));
  const publish = (name: string, graph: unknown) => t.publish(name, graph);

  beforeEach(async () => {
    double = await new WechatDouble(KEYS.appId, 'oa-app-secret').start();
    double.addTemplate({ template_id: 'TPL_NEW_ARRIVAL', title: '上新提醒', content: '商品名称{{thing1.DATA}}\n上新时间{{time2.DATA}}' });
    double.bizsendTemplates.set(NOTICE, { priTmplId: NOTICE, title: '到货通知', content: '商品名称:{{thing1.DATA}}\n到货时间:{{time2.DATA}}', example: '', type: 2 });
    t = await startPluginRuntime({
      driver,
      redisUrl: redis.url,
      name: 'wechat',
      adminKey: KEY,
      env: {
        WECHAT_OA_APP_ID: KEYS.appId,
        WECHAT_OA_APP_SECRET: 'oa-app-secret',
        WECHAT_OA_TOKEN: KEYS.token,
        WECHAT_OA_ENCODING_AES_KEY: KEYS.encodingAesKey!,
        WECHAT_API_ENDPOINT: double.url,
      },
    });
    ({ store, app } = t);
  });

  afterEach(async () => {
    await t.stop();
    await double.stop();
  });

  it('enrols a new follower by the QR code’s source, greets them inside the window and sends a template message; an unfollow stops the next', async () => {
    const integrations = await api('GET', '/api/integrations');
    expect(integrations.body.items.find((i: { name: string }) => i.name === 'wechat')).toMatchObject({ configured: true, serves: expect.arrayContaining(['official_account']), status: { active: true } });
    expect(JSON.stringify(integrations.body)).not.toMatch(/oa-app-secret|abcdefghijklmnop|pamtest/);
    const verified = await app.fetch(new Request(`http://server/api/integrations/wechat/callback?${accountEcho(KEYS.token, 'echo-4242', String(seconds()))}`));
    expect([verified.status, await verified.text()]).toEqual([200, 'echo-4242']);

    await publish(
      'Official Account welcome',
      chainGraph([
        ['entry', 'entry', { event: 'official_account.followed', sources: ['douyin_live'] }],
        ['hello', 'wechat/oa_message', { text: '欢迎关注！回复「优惠」领取新人券' }],
        ['arrival', 'content_push', { channel: 'official_account', title: 'TPL_NEW_ARRIVAL', template: 'thing1=明前龙井\ntime2=12月8日 10:00\n_url=https://shop.example/tea' }],
        ['wait', 'wait_event', { event: 'order.paid' }, 'matched'],
        ['later', 'content_push', { channel: 'official_account', title: 'TPL_NEW_ARRIVAL', template: 'thing1=碧螺春\ntime2=12月9日 10:00' }],
      ]),
    );

    // A bad signature is refused and changes nothing.
    const follow = followerEvent({ openid: 'oFollower1', event: 'subscribe', eventKey: 'qrscene_douyin_live', createTime: seconds() });
    expect((await callback(follow, { ...KEYS, token: 'wrongtoken' })).status).toBe(401);
    expect(await store.events.countUnprocessed()).toBe(0);

    double.follow('oFollower1');
    expect(await callback(follow)).toEqual({ status: 200, text: 'success' });
    const greeting = await until('the customer-service greeting', () => double.customMessages[0]);
    expect(greeting).toEqual({ touser: 'oFollower1', msgtype: 'text', content: '欢迎关注！回复「优惠」领取新人券' });
    const arrival = await until('the template message', () => double.templateMessages[0]);
    expect(arrival.body).toMatchObject({ touser: 'oFollower1', template_id: 'TPL_NEW_ARRIVAL', url: 'https://shop.example/tea', data: { thing1: { value: '明前龙井' } } });
    const contact = await api('GET', '/api/contacts/oFollower1');
    expect(contact.body).toMatchObject({ id: 'oFollower1', identities: { wechatOpenId: 'oFollower1' } });
    // The greeting is sent; the template message awaits WeChat's report, which settles it.
    const byNode = async () => Object.fromEntries((await messagesOf('oFollower1')).map((m) => [m.nodeId, m.status]));
    await until('both delivered', async () => (isDeepStrictEqual(await byNode(), { arrival: 'pending_confirmation', hello: 'sent' }) ? true : undefined));
    expect((await callback(templateJobFinished({ openid: 'oFollower1', msgId: arrival.msgid, status: 'success', createTime: seconds() }))).status).toBe(200);
    expect(await byNode()).toEqual({ arrival: 'sent', hello: 'sent' });

    // The follower unfollows before the next message: the event is stored and nothing more goes to WeChat.
    double.unfollow('oFollower1');
    expect((await callback(followerEvent({ openid: 'oFollower1', event: 'unsubscribe', createTime: seconds() }))).status).toBe(200);
    expect((await api('POST', '/api/events', { contactId: 'oFollower1', type: 'order.paid' })).status).toBeLessThan(300);
    const later = await until('the later message settled', async () => (await messagesOf('oFollower1')).find((m) => m.nodeId === 'later' && m.status === 'failed'), 15_000);
    expect(later.error).toMatch(/^Not sent: the follower unfollowed the Official Account/);
    expect(double.templateMessages).toHaveLength(1);
    const events = (await api('GET', '/api/contacts/oFollower1/events')).body.items.map((e: { type: string }) => e.type);
    expect(events).toEqual(expect.arrayContaining(['official_account.followed', 'official_account.interacted', 'official_account.unfollowed']));
  }, 60_000);

  it('sends customer-service messages inside the window a message opened, and refuses them outside it without calling WeChat', async () => {
    // The launch review says so first: a push without a template is a customer-service text, sent only inside the window.
    const push = (title: string) => chainGraph([['entry', 'entry'], ['push', 'content_push', { channel: 'official_account', title, template: '欢迎' }]]);
    const rules = async (title: string) => (await api('POST', '/api/journeys/validate', { graph: push(title) })).body.problems.filter((p: { code: string }) => p.code === 'carrier_rule');
    expect(await rules('')).toEqual([expect.objectContaining({ nodeId: 'push', severity: 'warning', message: expect.objectContaining({ 'zh-CN': expect.stringContaining('48 小时') }) })]);
    expect(await rules('TPL_NEW_ARRIVAL')).toEqual([]);
    await publish(
      'Replies',
      chainGraph([
        ['entry', 'entry', { event: 'official_account.message_received', reentry: 'always' }],
        ['reply', 'content_push', { channel: 'official_account', template: '收到：{{event.properties.content}}' }],
      ]),
    );
    // A follower known by their phone already: the message finds them by the openid their earlier event set.
    expect((await api('POST', '/api/events', { contactId: 'c_wang', type: 'page.viewed', traits: { name: '王小明', wechatOpenId: 'oWang' } })).status).toBeLessThan(300);
    double.message('oWang');
    expect((await callback(followerText({ openid: 'oWang', content: '有优惠吗', msgId: '9001', createTime: seconds() }))).status).toBe(200);
    await until('the reply', () => double.customMessages.find((m) => m.touser === 'oWang'));
    expect(double.customMessages).toEqual([{ touser: 'oWang', msgtype: 'text', content: '收到：有优惠吗' }]);
    await until('the reply sent', async () => ((await messagesOf('c_wang'))[0]?.status === 'sent' ? true : undefined));

    // A message sent 50 hours ago (WeChat retried its callback late) opens no window now: the reply is refused by the plugin.
    const callsBefore = double.callsTo('/cgi-bin/message/custom/send').length;
    const { query, body } = accountCallback(KEYS, followerText({ openid: 'oLi', content: '在吗', msgId: '9002', createTime: seconds() - 50 * 3600 }), { timestamp: seconds() });
    expect((await app.fetch(new Request(`http://server/api/integrations/wechat/callback?${query}`, { method: 'POST', body }))).status).toBe(200);
    const refused = await until('the refused reply', async () => (await messagesOf('oLi')).find((m) => m.status === 'failed'));
    expect(refused.error).toMatch(/^Not sent: outside the customer-service window/);
    expect(double.callsTo('/cgi-bin/message/custom/send')).toHaveLength(callsBefore);
  }, 60_000);

  it('parks an oa_message outside the window until the follower interacts, then sends it; falls back to a template in template mode', async () => {
    const notices = await publish(
      'Order notice',
      chainGraph([
        ['entry', 'entry', { event: 'order.paid' }],
        ['notice', 'wechat/oa_message', { text: '订单已收到，有问题直接回复我们' }],
      ]),
    );
    await publish(
      'Order notice by template',
      chainGraph([
        ['entry', 'entry', { event: 'order.refunded' }],
        ['refund', 'wechat/oa_message', { text: '退款已受理', outside: 'template', template: 'TPL_NEW_ARRIVAL', variables: 'thing1=退款已受理\ntime2=今天' }],
      ]),
    );
    const follow = followerEvent({ openid: 'oZhao', event: 'subscribe', createTime: seconds() - 600 });
    double.follow('oZhao');
    expect((await callback(follow)).status).toBe(200);
    // Followed 10 minutes ago: the minute it opened is over, so the notice waits.
    expect((await api('POST', '/api/events', { contactId: 'oZhao', type: 'order.paid' })).status).toBeLessThan(300);
    const waiting = await until('the run waiting for the follower', async () => (await api('GET', `/api/journeys/${notices}/runs?status=waiting`)).body.items[0]);
    expect(waiting).toMatchObject({ nodeId: 'notice' });
    expect((await api('POST', '/api/events', { contactId: 'oZhao', type: 'order.refunded' })).status).toBeLessThan(300);
    const fallback = await until('the fallback template message', () => double.templateMessages.find((m) => m.body.touser === 'oZhao'));
    expect(fallback.body).toMatchObject({ template_id: 'TPL_NEW_ARRIVAL', data: { thing1: { value: '退款已受理' } } });
    expect(double.customMessages).toEqual([]);

    double.message('oZhao');
    expect((await callback(followerText({ openid: 'oZhao', content: '发货了吗', msgId: '9101', createTime: seconds() }))).status).toBe(200);
    await until('the notice', () => double.customMessages.find((m) => m.touser === 'oZhao'));
    expect(double.customMessages).toEqual([{ touser: 'oZhao', msgtype: 'text', content: '订单已收到，有问题直接回复我们' }]);
  }, 60_000);

  it('spends one subscription per subscription notification: waits for one, sends on it, then waits again without calling WeChat', async () => {
    const templates = (await api('GET', '/api/channels/official_account/templates')).body.items as { id: string; kind?: { en: string } }[];
    expect(templates.map((t) => [t.id, t.kind?.en])).toEqual([
      ['TPL_NEW_ARRIVAL', 'Template message'],
      [`subscribe:${NOTICE}`, 'Subscription notification (one per subscription)'],
    ]);
    const node = (id: string, thing: string) => [id, 'wechat/subscribe_message', { app: 'official_account', template: `subscribe:${NOTICE}`, variables: `thing1=${thing}\ntime2=2026年12月8日 10:00\n_url=https://shop.example/tea`, timeout: { days: 1, hours: 0, minutes: 0, seconds: 0 } }] satisfies ChainNode;
    const first = await publish('Arrival notice', chainGraph([['entry', 'entry', { event: 'order.paid' }], node('notice', '明前龙井')]));
    const second = await publish('Second notice', chainGraph([['entry', 'entry', { event: 'order.refunded' }], node('again', '碧螺春')]));
    const pushes = await publish('Push a notice', chainGraph([['entry', 'entry', { event: 'offer.redeemed' }], ['push', 'content_push', { channel: 'official_account', title: `subscribe:${NOTICE}`, template: 'thing1=龙井\ntime2=明天' }]]));

    double.follow('oSun00000000001');
    expect((await callback(followerEvent({ openid: 'oSun00000000001', event: 'subscribe', createTime: seconds() }))).status).toBe(200);
    await until('the follower', async () => ((await api('GET', '/api/contacts/oSun00000000001')).status === 200 ? true : undefined));
    // No subscription yet: the node waits and WeChat is not called.
    expect((await api('POST', '/api/events', { contactId: 'oSun00000000001', type: 'order.paid' })).status).toBeLessThan(300);
    await until('the run waiting for a subscription', async () => (await api('GET', `/api/journeys/${first}/runs?status=waiting`)).body.items[0]);
    expect(double.callsTo('/cgi-bin/message/subscribe/bizsend')).toHaveLength(0);

    // The follower accepts in the subscription dialog: WeChat's callback brings the subscription, which the waiting node spends.
    double.acceptSubscription('oSun00000000001', NOTICE);
    const popup = subscribePopupEvent({ openid: 'oSun00000000001', createTime: seconds(), templates: [{ id: NOTICE, status: 'accept' }] });
    expect(await callback(popup)).toEqual({ status: 200, text: 'success' });
    expect(await callback(popup)).toEqual({ status: 200, text: 'success' });
    const sent = await until('the subscription notification', () => double.bizsendMessages[0]);
    expect(sent).toEqual({ touser: 'oSun00000000001', template_id: NOTICE, page: 'https://shop.example/tea', data: { thing1: { value: '明前龙井' }, time2: { value: '2026年12月8日 10:00' } } });
    await until('the notification sent', async () => ((await messagesOf('oSun00000000001'))[0]?.status === 'sent' ? true : undefined));

    // The subscription is spent: a second node of the template waits; WeChat is not called again.
    expect((await api('POST', '/api/events', { contactId: 'oSun00000000001', type: 'order.refunded' })).status).toBeLessThan(300);
    await until('the second run waiting', async () => (await api('GET', `/api/journeys/${second}/runs?status=waiting`)).body.items[0]);
    expect(double.callsTo('/cgi-bin/message/subscribe/bizsend')).toHaveLength(1);

    // The brand's web page reports the next one (wx-open-subscribe), with an ingest key: the waiting node spends it.
    const ingest = await api('POST', '/api/api-keys', { name: 'web page backend', scope: 'ingest' });
    double.acceptSubscription('oSun00000000001', NOTICE);
    const reported = await api('POST', '/api/integrations/wechat/official-account/subscriptions', { openid: 'oSun00000000001', templateIds: [NOTICE], id: 'page-7' }, ingest.body.key);
    expect(reported.body).toEqual({ contactId: 'oSun00000000001', added: 1 });
    const again = await until('the second notification', () => double.bizsendMessages[1]);
    expect(again).toMatchObject({ data: { thing1: { value: '碧螺春' } } });

    // A content_push of the template, with none left, waits for the next subscription too; WeChat is not called.
    expect((await api('POST', '/api/events', { contactId: 'oSun00000000001', type: 'offer.redeemed' })).status).toBeLessThan(300);
    await until('the push waiting for a subscription', async () => (await api('GET', `/api/journeys/${pushes}/runs?status=waiting`)).body.items[0]);
    expect(double.callsTo('/cgi-bin/message/subscribe/bizsend')).toHaveLength(2);
    const events = (await api('GET', '/api/contacts/oSun00000000001/events')).body.items.map((e: { type: string }) => e.type);
    expect(events.filter((t: string) => t === 'official_account.subscribed')).toHaveLength(2);
  }, 60_000);
});
