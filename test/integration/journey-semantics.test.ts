/**
 * Journeys doing what the marketer meant (issue 15), through the HTTP API on the real runtime: profiles
 * from events' traits, membership upsells that see members, pause that queues entries, behaviour
 * conditions over stored events, and validation warnings.
 */
import { describe, expect, it, vi } from 'vitest';
import { createTestApp } from '../../runtime/src/api/test-support.ts';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
type GraphNode = { id: string; type: string; config?: Record<string, unknown> };

/** A graph from nodes and `[source, port, target]` edges. */
function graph(nodes: GraphNode[], edges: [string, string, string][]) {
  return {
    nodes: nodes.map((n, i) => ({ position: { x: i * 200, y: 0 }, config: {}, ...n })),
    edges: edges.map(([source, sourceHandle, target], i) => ({ id: `e${i}`, source, sourceHandle, target })),
  };
}

async function started(): Promise<TestApp> {
  const t = await createTestApp();
  t.runtime.start();
  return t;
}

/** Creates and publishes a journey; returns its id. */
async function publish(t: TestApp, g: ReturnType<typeof graph>, settings: Record<string, unknown> = {}): Promise<string> {
  const created = await t.call('POST', '/api/journeys', { name: 'issue 15', graph: g, settings });
  expect(created.status).toBe(201);
  const published = await t.call('POST', `/api/journeys/${created.body.id}/publish`);
  expect(published.status, JSON.stringify(published.body)).toBe(200);
  return created.body.id as string;
}

async function send(t: TestApp, events: Record<string, unknown>[]) {
  const res = await t.call('POST', '/api/events/batch', { events });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  await t.runtime.idle();
}

const bodies = async (t: TestApp, journeyId: string) =>
  Object.fromEntries(((await t.call('GET', `/api/messages?journeyId=${journeyId}&limit=500`)).body.items as { contactId: string; body: string }[]).map((m) => [m.contactId, m.body]));

describe('contact profiles from events', () => {
  it('stores traits with their event, so messages greet the contact by name', async () => {
    const t = await started();
    const id = await publish(
      t,
      graph(
        [
          { id: 'entry', type: 'entry', config: { event: 'contact.acquired' } },
          { id: 'push', type: 'content_push', config: { template: '你好 {{contact.name}}，欢迎来自{{contact.attributes.city}}的你' } },
        ],
        [['entry', 'out', 'push']],
      ),
    );
    await send(t, [
      { contactId: 'wang', type: 'contact.acquired', properties: { source: 'douyin_live' }, traits: { name: '王小明', city: '上海', phone: '13800000000', wechatOpenId: 'o-wang' } },
      { contactId: 'li', type: 'identify', traits: { name: '李雷', city: '北京', wecomExternalUserId: 'wm-li', phone: '+86 139-0000 (1111)' } },
      { contactId: 'li', type: 'contact.acquired', properties: { source: 'qr_code' } },
      { contactId: 'li', type: 'contact.acquired', properties: { source: 'sem' } },
    ]);
    expect(await bodies(t, id)).toEqual({ wang: '你好 王小明，欢迎来自上海的你', li: '你好 李雷，欢迎来自北京的你' });
    const wang = await t.call('GET', '/api/contacts/wang');
    expect(wang.body).toMatchObject({ name: '王小明', attributes: { city: '上海' }, source: 'douyin_live', identities: { phone: '13800000000', wechatOpenId: 'o-wang' } });
    // A phone is kept without the separators people write in it, so that a carrier's number finds the contact.
    expect((await t.call('GET', '/api/contacts/li')).body).toMatchObject({ source: 'qr_code', identities: { wecomExternalUserId: 'wm-li', phone: '+8613900001111' } });
  });

  it('refuses an identify event without traits and bad identities, storing nothing', async () => {
    const t = await started();
    const bare = await t.call('POST', '/api/events', { contactId: 'c1', type: 'identify' });
    expect(bare.status).toBe(400);
    expect(bare.body.error.details[0].path).toEqual(['traits']);
    const email = await t.call('POST', '/api/events', { contactId: 'c1', type: 'x', traits: { email: 'not-an-address' } });
    expect(email.body.error.details[0].path).toEqual(['traits', 'email']);
    expect((await t.call('GET', '/api/contacts/c1')).status).toBe(404);
  });
});

/** The ports a contact's runs left nodes by, as `node:port`. */
const path = async (t: TestApp, contactId: string) =>
  ((await t.call('GET', `/api/contacts/${contactId}/timeline?limit=500`)).body.items as { nodeId: string; port: string | null; outcome: string }[])
    .filter((s) => s.port !== null)
    .map((s) => `${s.nodeId}:${s.port}`);

describe('membership upsell', () => {
  it('lets an existing member, and one who buys before reaching the node, leave by joined at once', async () => {
    const t = await started();
    const plan = await t.call('POST', '/api/plans', { id: 'gold', name: '金卡', kind: 'card', price: 199, tier: 'gold', durationDays: 365 });
    expect(plan.status).toBe(200);
    const id = await publish(
      t,
      graph(
        [
          { id: 'entry', type: 'entry', config: { event: 'contact.acquired' } },
          { id: 'wait', type: 'wait', config: { duration: { hours: 1 } } },
          { id: 'upsell', type: 'membership_upsell', config: { plan: 'gold', timeout: { days: 3 } } },
          { id: 'member', type: 'tag', config: { add: ['member'] } },
          { id: 'not', type: 'tag', config: { add: ['declined'] } },
        ],
        [['entry', 'out', 'wait'], ['wait', 'out', 'upsell'], ['upsell', 'joined', 'member'], ['upsell', 'declined', 'not']],
      ),
    );
    const purchase = (contactId: string) => ({ contactId, type: 'membership.purchased', properties: { plan: 'gold', orderId: `o-${contactId}`, amount: 199 } });
    await send(t, [purchase('already'), { contactId: 'already', type: 'contact.acquired' }, { contactId: 'midway', type: 'contact.acquired' }, { contactId: 'never', type: 'contact.acquired' }]);
    await send(t, [purchase('midway')]);
    t.clock.advance(3_600_000);
    t.runtime.kick();
    await t.runtime.idle();
    expect(await path(t, 'already')).toEqual(['entry:out', 'wait:out', 'upsell:joined', 'member:out']);
    expect(await path(t, 'midway')).toEqual(['entry:out', 'wait:out', 'upsell:joined', 'member:out']);
    expect(await path(t, 'never')).toEqual(['entry:out', 'wait:out']);
    const pitches = ((await t.call('GET', `/api/messages?journeyId=${id}`)).body.items as { contactId: string }[]).map((m) => m.contactId);
    expect(pitches).toEqual(['never']);
  });
});

describe('pause', () => {
  const welcome = graph(
    [
      { id: 'entry', type: 'entry', config: { event: 'contact.acquired' } },
      { id: 'push', type: 'content_push', config: { template: '欢迎 {{contact.name | 朋友}}' } },
      { id: 'end', type: 'exit' },
    ],
    [['entry', 'out', 'push'], ['push', 'out', 'end']],
  );

  it('queues contacts who arrive while paused and runs them after resume; exit nodes complete runs', async () => {
    const t = await started();
    const id = await publish(t, welcome);
    await send(t, [{ contactId: 'before', type: 'contact.acquired' }]);
    const paused = await t.call('POST', `/api/journeys/${id}/pause`, { entries: 'queue' });
    expect(paused.body).toMatchObject({ status: 'paused', pausedEntries: 'queue' });
    await send(t, [{ contactId: 'q1', type: 'contact.acquired' }, { contactId: 'q2', type: 'contact.acquired' }]);
    expect(Object.keys(await bodies(t, id))).toEqual(['before']);
    expect((await t.call('GET', `/api/journeys/${id}/stats`)).body).toMatchObject({ queued: 2, runs: { active: 2, completed: 1 } });

    expect((await t.call('POST', `/api/journeys/${id}/resume`)).body).toMatchObject({ status: 'live', pausedEntries: null });
    await t.runtime.idle();
    expect(Object.keys(await bodies(t, id)).sort()).toEqual(['before', 'q1', 'q2']);
    const stats = (await t.call('GET', `/api/journeys/${id}/stats`)).body;
    expect(stats).toMatchObject({ queued: 0, runs: { completed: 3, exited: 0 } });
  });

  it('skips contacts who arrive while paused when the marketer chose so, also after resume', async () => {
    const t = await started();
    const id = await publish(t, welcome);
    expect((await t.call('POST', `/api/journeys/${id}/pause`, { entries: 'skip' })).body).toMatchObject({ pausedEntries: 'skip' });
    await send(t, [{ contactId: 'late', type: 'contact.acquired' }]);
    expect((await t.call('POST', `/api/journeys/${id}/enroll`, { contactIds: ['bulk'] })).status).toBe(409);
    expect((await t.call('POST', `/api/journeys/${id}/pause`, { entries: 'queue' })).status).toBe(409);
    await t.call('POST', `/api/journeys/${id}/resume`);
    await t.runtime.idle();
    expect(await bodies(t, id)).toEqual({});
    expect((await t.call('POST', `/api/journeys/${id}/pause`, { entries: 'later' })).status).toBe(400);
  });
});

describe('behaviour conditions', () => {
  it('splits contacts who did and did not do an event within the window, and says which rule decided', async () => {
    const t = await started();
    const DAY = 86_400_000;
    const id = await publish(
      t,
      graph(
        [
          { id: 'entry', type: 'entry', config: { event: 'lead.created' } },
          {
            id: 'viewed',
            type: 'condition',
            config: { rules: [{ kind: 'behaviour', op: 'did', event: 'content.viewed', properties: { topic: 'tea' }, count: 2, within: 'days', days: 7 }] },
          },
          { id: 'yes', type: 'tag', config: { add: ['engaged'] } },
          { id: 'no', type: 'tag', config: { add: ['cold'] } },
        ],
        [['entry', 'out', 'viewed'], ['viewed', 'yes', 'yes'], ['viewed', 'no', 'no']],
      ),
    );
    const now = t.clock.now();
    const viewed = (contactId: string, topic: string, daysAgo: number) => ({ contactId, type: 'content.viewed', properties: { topic }, timestamp: now - daysAgo * DAY });
    await send(t, [
      viewed('fan', 'tea', 1), viewed('fan', 'tea', 6),
      viewed('once', 'tea', 1),
      viewed('stale', 'tea', 1), viewed('stale', 'tea', 9),
      viewed('other', 'coffee', 1), viewed('other', 'coffee', 2),
    ]);
    await send(t, ['fan', 'once', 'stale', 'other', 'none'].map((contactId) => ({ contactId, type: 'lead.created' })));
    const ports = async (c: string) => (await path(t, c)).find((p) => p.startsWith('viewed:'));
    expect(await ports('fan')).toBe('viewed:yes');
    for (const c of ['once', 'stale', 'other', 'none']) expect(await ports(c), c).toBe('viewed:no');
    const step = ((await t.call('GET', '/api/contacts/once/timeline')).body.items as { nodeId: string; detail: unknown }[]).find((s) => s.nodeId === 'viewed');
    expect(step?.detail).toEqual({ match: 'all', rule: 0, kind: 'behaviour', held: false, event: 'content.viewed', count: 1, atLeast: 2, since: now - 7 * DAY });
    expect(id).toBeTruthy();

    const types = await t.call('GET', '/api/events/types');
    expect(types.body.items).toEqual([
      { type: 'content.viewed', count: 7 },
      { type: 'lead.created', count: 5 },
    ]);
  });

  it('counts since entering the journey, and selects segments by the same rule', async () => {
    const t = await started();
    await publish(
      t,
      graph(
        [
          { id: 'entry', type: 'entry', config: { event: 'lead.created' } },
          { id: 'wait', type: 'wait', config: { duration: { days: 1 } } },
          { id: 'paid', type: 'condition', config: { rules: [{ kind: 'behaviour', op: 'did_not', event: 'order.paid', within: 'journey' }] } },
          { id: 'remind', type: 'tag', config: { add: ['remind'] } },
        ],
        [['entry', 'out', 'wait'], ['wait', 'out', 'paid'], ['paid', 'yes', 'remind']],
      ),
    );
    await send(t, [{ contactId: 'before', type: 'order.paid' }]);
    t.clock.advance(1000);
    await send(t, [{ contactId: 'before', type: 'lead.created' }, { contactId: 'after', type: 'lead.created' }]);
    t.clock.advance(1000);
    await send(t, [{ contactId: 'after', type: 'order.paid' }]);
    t.clock.advance(86_400_000);
    t.runtime.kick();
    await t.runtime.idle();
    expect(await path(t, 'before')).toContain('paid:yes');
    expect(await path(t, 'after')).toContain('paid:no');

    const rules = [{ kind: 'behaviour', event: 'order.paid', count: 1, within: 'days', days: 30 }];
    const segment = await t.call('POST', '/api/segments', { name: 'buyers', match: 'all', rules });
    expect(segment.status, JSON.stringify(segment.body)).toBe(201);
    const sinceEntry = await t.call('POST', '/api/segments', { name: 'bad', match: 'all', rules: [{ ...rules[0], within: 'journey' }] });
    expect(sinceEntry.status).toBe(400);
  });
});

describe('offer thresholds', () => {
  it('issues a threshold coupon, renders its rule in the message after it, and redeems it only at the threshold', async () => {
    const t = await started();
    const id = await publish(
      t,
      graph(
        [
          { id: 'entry', type: 'entry' },
          { id: 'offer', type: 'offer', config: { name: '满减券', value: 20, threshold: 100, expiresInDays: 7 } },
          { id: 'push', type: 'content_push', config: { template: '{{offer.name}}：{{offer.terms}}（满 {{offer.threshold}} 可用），券码 {{offer.code}}' } },
        ],
        [['entry', 'out', 'offer'], ['offer', 'out', 'push']],
      ),
    );
    await send(t, [{ contactId: 'c1', type: 'contact.acquired' }]);
    const offerOf = async () => ((await t.call('GET', '/api/contacts/c1')).body.offers as { code: string; name: string; value: number; redeemedAt: string | null }[])[0]!;
    const offer = await offerOf();
    expect(offer).toMatchObject({ name: '满减券', value: 20, threshold: 100, redeemedAt: null });
    expect(await bodies(t, id)).toEqual({ c1: `满减券：满 100 减 20（满 100 可用），券码 ${offer.code}` });

    // Redeemed only with an order of at least the threshold: no amount or 99.99 do not count, 100 does.
    await send(t, [
      { contactId: 'c1', type: 'offer.redeemed', properties: { code: offer.code } },
      { contactId: 'c1', type: 'offer.redeemed', properties: { code: offer.code, amount: 99.99 } },
    ]);
    expect((await offerOf()).redeemedAt).toBeNull();
    await send(t, [{ contactId: 'c1', type: 'offer.redeemed', properties: { code: offer.code, amount: 100 } }]);
    expect((await offerOf()).redeemedAt).not.toBeNull();
  });

  it('refuses a threshold that is not an amount, naming the field', async () => {
    const t = await started();
    const g = graph([{ id: 'entry', type: 'entry' }, { id: 'offer', type: 'offer', config: { name: '满减券', value: 20, threshold: 99.999 } }], [['entry', 'out', 'offer']]);
    const res = await t.call('POST', '/api/journeys/validate', { graph: g });
    expect(res.body.valid).toBe(false);
    expect(res.body.problems).toContainEqual(expect.objectContaining({ code: 'invalid_config', nodeId: 'offer', path: ['nodes', 1, 'config', 'threshold'] }));
  });
});

describe('validation warnings', () => {
  it('warns of unconnected outputs and still lets the journey be published', async () => {
    const t = await started();
    const g = graph(
      [
        { id: 'entry', type: 'entry' },
        { id: 'wait', type: 'wait_event', config: { event: 'order.paid', timeout: { days: 1 } } },
        { id: 'thanks', type: 'tag', config: { add: ['buyer'] } },
      ],
      [['entry', 'out', 'wait'], ['wait', 'matched', 'thanks']],
    );
    const res = await t.call('POST', '/api/journeys/validate', { graph: g });
    expect(res.body.valid).toBe(true);
    expect(res.body.problems).toEqual([
      expect.objectContaining({ code: 'unconnected_port', severity: 'warning', nodeId: 'wait', message: expect.objectContaining({ 'zh-CN': expect.stringContaining('超时') }) }),
    ]);
    await publish(t, g);
  });

  it('warns of a plan that does not exist and an event nothing has sent', async () => {
    const t = await started();
    await send(t, [{ contactId: 'c1', type: 'content.viewed' }]);
    const g = graph(
      [
        { id: 'entry', type: 'entry' },
        { id: 'cond', type: 'condition', config: { rules: [{ kind: 'behaviour', event: 'content.viewd' }, { kind: 'behaviour', event: 'content.viewed' }] } },
        { id: 'upsell', type: 'membership_upsell', config: { plan: 'platinum' } },
      ],
      [['entry', 'out', 'cond'], ['cond', 'yes', 'upsell'], ['cond', 'no', 'upsell']],
    );
    const res = await t.call('POST', '/api/journeys/validate', { graph: g });
    expect(res.body.valid).toBe(true);
    const warnings = (res.body.problems as { code: string; nodeId: string; severity: string }[]).filter((p) => p.code !== 'unconnected_port' && p.code !== 'channel_not_connected');
    expect(warnings).toEqual([
      expect.objectContaining({ code: 'event_never_seen', nodeId: 'cond', severity: 'warning' }),
      expect.objectContaining({ code: 'unknown_reference', nodeId: 'upsell', severity: 'warning' }),
    ]);
  });

  it('warns of messages on a channel nothing delivers, and not once a relay takes every channel', async () => {
    const g = graph(
      [
        { id: 'entry', type: 'entry' },
        { id: 'sms', type: 'content_push', config: { channel: 'sms', template: '你好' } },
        // The channel left out is the default one, 企业微信私聊.
        { id: 'invite', type: 'referral_reward', config: { reward: {} } },
      ],
      [['entry', 'out', 'sms'], ['sms', 'out', 'invite']],
    );
    const unconnected = await (await started()).call('POST', '/api/journeys/validate', { graph: g });
    expect(unconnected.body.valid, JSON.stringify(unconnected.body.problems)).toBe(true);
    expect((unconnected.body.problems as { code: string }[]).filter((p) => p.code === 'channel_not_connected')).toEqual([
      expect.objectContaining({ nodeId: 'sms', severity: 'warning', path: ['nodes', 1, 'config', 'channel'], message: { 'zh-CN': expect.stringContaining('「短信」渠道还没有接通'), en: expect.stringContaining('SMS channel is not connected') } }),
      expect.objectContaining({ nodeId: 'invite', severity: 'warning', message: expect.objectContaining({ 'zh-CN': expect.stringContaining('「企业微信私聊」渠道还没有接通') }) }),
    ]);
    // The relay is only named: nothing is delivered while validating.
    vi.stubEnv('CHANNEL_WEBHOOK_URL', 'http://127.0.0.1:9/relay');
    const relayed = await createTestApp().finally(() => vi.unstubAllEnvs());
    const connected = await relayed.call('POST', '/api/journeys/validate', { graph: g });
    expect((connected.body.problems as { code: string }[]).filter((p) => p.code === 'channel_not_connected')).toEqual([]);
  });

  it('warns of a referral that waits for an event nothing has sent', async () => {
    const t = await started();
    const g = graph([{ id: 'entry', type: 'entry' }, { id: 'invite', type: 'referral_reward', config: { qualifyEvent: 'invitee.qualifed', reward: {} } }], [['entry', 'out', 'invite']]);
    const res = await t.call('POST', '/api/journeys/validate', { graph: g });
    expect((res.body.problems as { code: string }[]).filter((p) => p.code === 'event_never_seen')).toEqual([
      expect.objectContaining({ nodeId: 'invite', severity: 'warning', message: expect.objectContaining({ 'zh-CN': expect.stringContaining('invitee.qualifed') }) }),
    ]);
  });
});
