import { describe, expect, it } from 'vitest';
import { chainGraph } from '../../../queue/journey-fixtures.ts';
import { createTestApp } from '../../test-support.ts';

describe('contacts routes', () => {
  it('creates then updates a contact, merging attributes and adding tags', async () => {
    const t = await createTestApp();
    const created = await t.call('POST', '/api/contacts', { id: 'c1', name: '小王', attributes: { city: '杭州' }, tags: ['vip'] });
    expect(created.status).toBe(201);
    const updated = await t.call('POST', '/api/contacts', { id: 'c1', attributes: { level: 2 }, tags: ['new', 'vip'] });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: 'c1', name: '小王', attributes: { city: '杭州', level: 2 }, tags: ['new', 'vip'] });
    const read = await t.call('GET', '/api/contacts/c1');
    expect(read.body).toMatchObject({ id: 'c1', tags: ['new', 'vip'], runs: [] });
    expect((await t.call('GET', '/api/contacts/c1/timeline')).body).toEqual({ items: [], nextCursor: null });
  });

  it('answers 400 with the field path, 404 for an unknown contact, 401 without credentials', async () => {
    const t = await createTestApp();
    const bad = await t.call('POST', '/api/contacts', { id: 'c1', tags: ['ok', ''] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toEqual(['tags', 1]);
    expect((await t.call('GET', '/api/contacts/c1')).status).toBe(404);
    expect((await t.call('GET', '/api/contacts/nobody/timeline')).status).toBe(404);
    expect((await t.call('GET', '/api/contacts/c1', undefined, { Authorization: '' })).status).toBe(401);
  });

  it('lists contacts from events: search by name, id, phone or tag, filters by tag, first source, journey and segment', async () => {
    const t = await createTestApp();
    const graph = {
      nodes: [
        { id: 'entry', type: 'entry', position: { x: 0, y: 0 }, config: { sources: ['douyin_live', 'sem'] } },
        { id: 'tag', type: 'tag', position: { x: 0, y: 200 }, config: { add: ['live_viewer'] } },
      ],
      edges: [{ id: 'e1', source: 'entry', sourceHandle: 'out', target: 'tag' }],
    };
    const journeyId = (await t.call('POST', '/api/journeys', { name: '直播拉新', graph })).body.id;
    expect((await t.call('POST', `/api/journeys/${journeyId}/publish`)).status).toBe(200);
    t.runtime.start();
    for (const event of [
      { contactId: 'wang', type: 'contact.acquired', properties: { source: 'douyin_live' }, traits: { name: '王小明', phone: '13800000000' } },
      { contactId: 'li', type: 'contact.acquired', properties: { source: 'sem' }, traits: { name: '李雷' } },
    ]) {
      expect((await t.call('POST', '/api/events', event)).status).toBe(202);
    }
    await t.call('POST', '/api/contacts', { id: 'zhao', name: '赵六', tags: ['vip'] });
    await t.runtime.idle();

    const all = await t.call('GET', '/api/contacts');
    expect(all.status).toBe(200);
    expect(all.body.nextCursor).toBeNull();
    expect(all.body.items.map((c: { id: string }) => c.id)).toEqual(['li', 'wang', 'zhao']);
    expect(all.body.items[1]).toEqual({
      id: 'wang',
      name: '王小明',
      source: 'douyin_live',
      tags: ['live_viewer'],
      phone: '13800000000',
      lastEventAt: expect.any(String),
      journeys: [{ id: journeyId, name: '直播拉新' }],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const ids = async (query: string) => (await t.call('GET', `/api/contacts?${query}`)).body.items.map((c: { id: string }) => c.id);
    expect(await ids(`search=${encodeURIComponent('王小')}`)).toEqual(['wang']);
    expect(await ids('search=0000')).toEqual(['wang']);
    expect(await ids('search=vip')).toEqual(['zhao']);
    expect(await ids('search=LI')).toEqual(['li', 'zhao']); // Li by name; 赵六 (zhao liu) by pinyin as it is typed
    expect(await ids('search=zl')).toEqual(['zhao']);
    expect(await ids('tag=live_viewer')).toEqual(['li', 'wang']);
    expect(await ids('source=sem')).toEqual(['li']);
    expect(await ids(`journeyId=${journeyId}`)).toEqual(['li', 'wang']);
    expect(await ids(`journeyId=${journeyId}&source=douyin_live`)).toEqual(['wang']);
    const segment = (await t.call('POST', '/api/segments', { name: 'VIP', rules: [{ kind: 'tag', tag: 'vip' }] })).body;
    expect(await ids(`segmentId=${segment.id}`)).toEqual(['zhao']);
    expect(await ids(`segmentId=${segment.id}&source=sem`)).toEqual([]);

    const first = await t.call('GET', '/api/contacts?limit=2');
    expect(first.body.items.map((c: { id: string }) => c.id)).toEqual(['li', 'wang']);
    expect(await ids(`limit=2&cursor=${first.body.nextCursor}`)).toEqual(['zhao']);
  });

  it('refuses an unknown segment, a bad cursor or limit with the query field at fault', async () => {
    const t = await createTestApp();
    for (const [query, field] of [['segmentId=seg_missing', 'segmentId'], ['cursor=nope', 'cursor'], ['limit=501', 'limit'], ['search=', 'search']] as const) {
      const res = await t.call('GET', `/api/contacts?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.details[0].path, query).toEqual([field]);
    }
    expect((await t.call('GET', '/api/contacts', undefined, { Authorization: '' })).status).toBe(401);
  });

  it('explains the timeline: the entry source, the deciding rule with its values, a wait until when; and lists the events received', async () => {
    const t = await createTestApp();
    t.runtime.start();
    const graph = chainGraph([
      ['entry', 'entry', {}],
      ['check', 'condition', { match: 'all', rules: [{ kind: 'behaviour', op: 'did', event: 'order.paid', count: 2, within: 'days', days: 7 }] }, 'no'],
      ['pause', 'wait', { duration: { hours: 2 } }],
    ]);
    const { id } = (await t.call('POST', '/api/journeys', { name: '解释', graph })).body;
    expect((await t.call('POST', `/api/journeys/${id}/publish`, {})).status).toBe(200);
    const now = t.clock.now();
    expect((await t.call('POST', '/api/events', { contactId: 'c1', type: 'order.paid', properties: { amount: 99 } })).status).toBe(202);
    await t.runtime.idle();
    expect((await t.call('POST', '/api/events', { contactId: 'c1', type: 'contact.acquired', properties: { source: 'douyin_live' } })).status).toBe(202);
    await t.runtime.idle();

    const steps = (await t.call('GET', '/api/contacts/c1/timeline')).body.items;
    expect(steps.map((s: { nodeId: string; detail: unknown }) => [s.nodeId, s.detail])).toEqual([
      ['entry', { event: 'contact.acquired', source: 'douyin_live' }],
      ['check', { match: 'all', rule: 0, kind: 'behaviour', held: false, event: 'order.paid', count: 1, atLeast: 2, since: now - 7 * 86_400_000 }],
      ['pause', { until: new Date(now + 2 * 3_600_000).toISOString() }],
    ]);

    const events = await t.call('GET', '/api/contacts/c1/events?limit=1');
    expect(events.body.items).toEqual([{ id: expect.any(String), type: 'order.paid', properties: { amount: 99 }, timestamp: new Date(now).toISOString(), receivedAt: new Date(now).toISOString() }]);
    const rest = await t.call('GET', `/api/contacts/c1/events?cursor=${events.body.nextCursor}`);
    expect(rest.body.items.map((e: { type: string; properties: unknown }) => [e.type, e.properties])).toEqual([['contact.acquired', { source: 'douyin_live' }]]);
    expect((await t.call('GET', '/api/contacts/nobody/events')).status).toBe(404);
  });
});
