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
