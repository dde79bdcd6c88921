import { describe, expect, it } from 'vitest';
import { createTestApp, skeletonGraph } from '../../test-support.ts';

const START = '2026-03-02T01:00:00.000Z';

async function draft(call: Awaited<ReturnType<typeof createTestApp>>['call'], graph: unknown = skeletonGraph(3600), settings = {}) {
  const res = await call('POST', '/api/journeys', { name: '抖音直播引流', graph, settings });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe('POST /api/journeys/:id/simulate', () => {
  it("shows each sample contact's path, rendered messages, waits with wake-up times and ending, and writes nothing", async () => {
    const { call, snapshot } = await createTestApp();
    const id = await draft(call);
    expect((await call('POST', '/api/contacts', { id: 'u_stored', name: '王小明', tags: ['vip'] })).status).toBe(201);
    const before = await snapshot();

    const res = await call('POST', `/api/journeys/${id}/simulate`, {
      start: START,
      contacts: [
        { kind: 'stored', contactId: 'u_stored' },
        { kind: 'described', contactId: 'sample_live', name: '李雷', tags: ['新客'] },
        { kind: 'described', contactId: 'sample_ad' },
      ],
      events: [
        { contactId: 'sample_live', type: 'contact.acquired', properties: { source: 'douyin_live' }, after: { minutes: 5 } },
        { contactId: 'sample_ad', type: 'contact.acquired', properties: { source: 'feed_ad' } },
      ],
    });
    expect(res.status).toBe(200);
    expect(await snapshot()).toEqual(before);

    const [stored, live, ad] = res.body.contacts;
    // Without events the stored contact is enrolled at the start, as POST /enroll does.
    expect(stored).toMatchObject({ contactId: 'u_stored', name: '王小明', tags: ['vip', 'live_viewer'] });
    expect(stored.runs).toHaveLength(1);
    expect(stored.runs[0]).toMatchObject({
      entry: { nodeId: 'entry', at: START, by: 'enroll', source: null },
      status: 'completed',
      nodeId: 'push2',
      endedAt: '2026-03-02T02:00:00.000Z',
    });
    expect(stored.runs[0].steps.map((s: { nodeId: string; port: string | null }) => `${s.nodeId}:${s.port}`)).toEqual([
      'entry:out',
      'tag:out',
      'push1:out',
      'wait:null',
      'wait:out',
      'push2:out',
    ]);
    expect(stored.runs[0].messages).toEqual([
      { nodeId: 'push1', at: START, channel: 'wecom_private', title: '', body: '你好 王小明，欢迎！' },
      { nodeId: 'push2', at: '2026-03-02T02:00:00.000Z', channel: 'wecom_private', title: '', body: '给你一张优惠券' },
    ]);
    expect(stored.runs[0].waits).toEqual([{ nodeId: 'wait', at: START, until: '2026-03-02T02:00:00.000Z', event: null, reason: 'wait' }]);
    expect(stored.runs[0].effects).toEqual([{ nodeId: 'tag', at: START, kind: 'tags', detail: { add: ['live_viewer'], remove: [] } }]);

    // The live viewer enters by its event five minutes in; the ad lead's source is not the entry's.
    expect(live.runs[0]).toMatchObject({ entry: { by: 'event', eventType: 'contact.acquired', source: 'douyin_live', at: '2026-03-02T01:05:00.000Z' }, status: 'completed' });
    expect(live.runs[0].messages[0].body).toBe('你好 李雷，欢迎！');
    expect(ad).toMatchObject({ contactId: 'sample_ad', name: null, runs: [] });
  });

  const threeDayWait = (() => {
    const graph = skeletonGraph();
    return { ...graph, nodes: graph.nodes.map((n) => (n.id === 'wait' ? { ...n, config: { duration: { days: 3 } } } : n)) };
  })();

  it('shows a run still waiting at the horizon with its wake-up time, and simulates a graph other than the draft', async () => {
    const { call } = await createTestApp();
    const id = await draft(call);
    const res = await call('POST', `/api/journeys/${id}/simulate`, {
      start: START,
      graph: threeDayWait,
      horizon: { days: 1 },
      contacts: [{ kind: 'described', contactId: 's1', name: '小红' }],
    });
    expect(res.status).toBe(200);
    expect(res.body.horizon).toBe('2026-03-03T01:00:00.000Z');
    expect(res.body.contacts[0].runs[0]).toMatchObject({ status: 'waiting', nodeId: 'wait', wakeAt: '2026-03-05T01:00:00.000Z', endedAt: null });
    expect(res.body.contacts[0].runs[0].messages).toHaveLength(1);
  });

  it('holds messages through quiet hours and leaves by the exit event, as the journey settings say', async () => {
    const { call } = await createTestApp();
    const id = await draft(call, skeletonGraph(3600), { timezone: 'Asia/Shanghai', quietHours: { start: '22:00', end: '08:00' }, exitEvent: 'order.paid' });
    // 14:30 UTC is 22:30 in Shanghai: the first message waits until 08:00 there (00:00 UTC).
    const res = await call('POST', `/api/journeys/${id}/simulate`, {
      start: '2026-03-02T14:30:00.000Z',
      contacts: [
        { kind: 'described', contactId: 'night_owl' },
        { kind: 'described', contactId: 'buyer' },
      ],
      events: [
        { contactId: 'buyer', type: 'contact.acquired', properties: { source: 'douyin_live' } },
        { contactId: 'buyer', type: 'order.paid', after: { hours: 2 } },
      ],
    });
    expect(res.status).toBe(200);
    const [owl, buyer] = res.body.contacts;
    expect(owl.runs[0].waits[0]).toMatchObject({ nodeId: 'push1', until: '2026-03-03T00:00:00.000Z' });
    expect(owl.runs[0].messages[0]).toMatchObject({ nodeId: 'push1', at: '2026-03-03T00:00:00.000Z' });
    expect(buyer.runs[0]).toMatchObject({ status: 'exited', endedAt: '2026-03-02T16:30:00.000Z' });
  });

  it('refuses an unknown stored contact or an event of a contact not among the samples, naming the field', async () => {
    const { call, snapshot } = await createTestApp();
    const id = await draft(call);
    const before = await snapshot();
    const unknown = await call('POST', `/api/journeys/${id}/simulate`, { contacts: [{ kind: 'described', contactId: 'a' }, { kind: 'stored', contactId: 'nobody' }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'unknown_contact', details: [{ path: ['contacts', 1, 'contactId'] }] });
    const stray = await call('POST', `/api/journeys/${id}/simulate`, {
      contacts: [{ kind: 'described', contactId: 'a' }],
      events: [{ contactId: 'b', type: 'contact.acquired' }],
    });
    expect(stray.status).toBe(400);
    expect(stray.body.error.details[0].path).toEqual(['events', 0, 'contactId']);
    const empty = await call('POST', `/api/journeys/${id}/simulate`, { contacts: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].path).toEqual(['contacts']);
    const far = await call('POST', `/api/journeys/${id}/simulate`, { contacts: [{ kind: 'described', contactId: 'a' }], horizon: { days: 400 } });
    expect(far.status).toBe(400);
    expect(far.body.error.details[0].path).toEqual(['horizon']);
    expect((await call('POST', '/api/journeys/jrn_missing/simulate', { contacts: [{ kind: 'described', contactId: 'a' }] })).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it('is in the OpenAPI document', async () => {
    const { call } = await createTestApp();
    const doc = (await call('GET', '/api/openapi.json')).body;
    expect(doc.paths['/journeys/{id}/simulate'].post.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/SimulationRequest');
    expect(doc.components.schemas.Simulation).toBeDefined();
  });
});

describe('GET /api/journeys/:id/in-flight', () => {
  it('counts the contacts still in each version, at which node, so the launch review can say they stay there', async () => {
    const { call, runtime } = await createTestApp();
    runtime.start();
    const id = await draft(call);
    expect((await call('POST', `/api/journeys/${id}/publish`, {})).body).toEqual({ version: 1 });
    const acquire = (contactId: string) => call('POST', '/api/events', { contactId, type: 'contact.acquired', properties: { source: 'douyin_live' } });
    await acquire('a');
    await acquire('b');
    await runtime.idle();
    expect((await call('POST', `/api/journeys/${id}/publish`, {})).body).toEqual({ version: 2 });
    await acquire('c');
    await runtime.idle();
    const res = await call('GET', `/api/journeys/${id}/in-flight`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      versions: [
        { version: 2, contacts: 1, nodes: { wait: 1 } },
        { version: 1, contacts: 2, nodes: { wait: 2 } },
      ],
    });
    expect((await call('GET', '/api/journeys/jrn_missing/in-flight')).status).toBe(404);
  });
});
