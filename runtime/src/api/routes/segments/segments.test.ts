import type { RunRecord } from '@journey/db';
import { tableRows } from '@journey/db/testing';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test-support.ts';

type Call = Awaited<ReturnType<typeof createTestApp>>['call'];

const HOUR = 3_600_000;

/** entry → tag: runs end as soon as they enter. */
async function liveJourney(call: Call, reentry: 'once' | 'after_exit') {
  const graph = {
    nodes: [
      { id: 'entry', type: 'entry', position: { x: 0, y: 0 }, config: { reentry } },
      { id: 'tag', type: 'tag', position: { x: 200, y: 0 }, config: { add: ['reached'] } },
    ],
    edges: [{ id: 'e1', source: 'entry', sourceHandle: 'out', target: 'tag' }],
  };
  const { id } = (await call('POST', '/api/journeys', { name: reentry, graph })).body;
  expect((await call('POST', `/api/journeys/${id}/publish`)).status).toBe(200);
  return id as string;
}

/** `n` contacts c0000…, every third one tagged `vip`. */
async function seedContacts(t: Awaited<ReturnType<typeof createTestApp>>, n: number) {
  const ids = Array.from({ length: n }, (_, i) => `c${String(i).padStart(4, '0')}`);
  await t.store.transaction(async (tx) => {
    for (const [i, id] of ids.entries()) {
      await tx.contacts.upsert({ id, attributes: { orders: i % 5 }, tags: i % 3 === 0 ? ['vip'] : [] }, 0);
    }
  });
  return ids.filter((_, i) => i % 3 === 0);
}

/** The runs stored, of one journey or of all. */
async function storedRuns(t: Awaited<ReturnType<typeof createTestApp>>, journeyId?: string) {
  return (await tableRows<RunRecord>(t.store, 'runs')).filter((r) => journeyId === undefined || r.journeyId === journeyId);
}

const vipSegment = { name: 'VIP 老客', match: 'all', rules: [{ kind: 'tag', tag: 'vip' }] };

describe('segments routes', () => {
  it('saves, lists, replaces, previews and deletes segments', async () => {
    const t = await createTestApp();
    const vips = await seedContacts(t, 30);
    const created = await t.call('POST', '/api/segments', vipSegment);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...vipSegment, rules: [{ kind: 'tag', op: 'has', tag: 'vip' }] });
    const { id } = created.body;
    expect((await t.call('GET', `/api/segments/${id}`)).body).toEqual(created.body);
    expect((await t.call('GET', '/api/segments')).body).toEqual({ items: [created.body], nextCursor: null });

    expect((await t.call('GET', `/api/segments/${id}/preview?limit=3`)).body).toEqual({
      count: vips.length,
      contacts: vips.slice(0, 3).map((c) => ({ id: c, name: null })),
    });
    const rules = [
      { kind: 'tag', tag: 'vip' },
      { kind: 'attribute', key: 'orders', op: 'gte', value: 4 },
    ];
    expect((await t.call('PUT', `/api/segments/${id}`, { ...vipSegment, rules })).body.rules).toHaveLength(2);
    // Every third contact is vip, every fifth has 4 orders: ids 9, 24.
    expect((await t.call('GET', `/api/segments/${id}/preview`)).body.contacts.map((c: { id: string }) => c.id)).toEqual(['c0009', 'c0024']);

    const bad = await t.call('POST', '/api/segments', { name: 'x', rules: [{ kind: 'event_count', event: 'order.paid', count: -1 }] });
    expect(bad.status).toBe(400);
    expect((await t.call('POST', '/api/segments', { name: 'x', rules: [] })).status).toBe(400);
    expect((await t.call('GET', '/api/segments', undefined, { Authorization: '' })).status).toBe(401);

    expect((await t.call('DELETE', `/api/segments/${id}`)).status).toBe(204);
    expect((await t.call('GET', `/api/segments/${id}`)).status).toBe(404);
    expect((await t.call('GET', `/api/segments/${id}/preview`)).status).toBe(404);
  });

  it('previews rules not saved yet, writing nothing, and refuses bad rules with their path', async () => {
    const t = await createTestApp();
    const vips = await seedContacts(t, 12);
    const before = await t.snapshot();
    const res = await t.call('POST', '/api/segments/preview?limit=2', { rules: [{ kind: 'tag', tag: 'vip' }] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ count: vips.length, contacts: vips.slice(0, 2).map((id) => ({ id, name: null })) });
    const bad = await t.call('POST', '/api/segments/preview', { rules: [{ kind: 'behaviour', event: 'order.paid', within: 'journey' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toEqual(['rules', 0, 'within']);
    expect(await t.snapshot()).toEqual(before);
  });

  it("refuses an unknown key inside a rule (a misspelt `op`) instead of storing the rule without it", async () => {
    const t = await createTestApp();
    const before = await t.snapshot();
    const res = await t.call('POST', '/api/segments', { name: 'not vip', rules: [{ kind: 'tag', opp: 'not_has', tag: 'vip' }] });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ in: 'json', path: ['rules', 0, 'opp'], code: 'unrecognized_keys', message: 'Unknown field "opp"' }),
    ]);
    expect(await t.snapshot()).toEqual(before);
  });

  it('pages the segment list with a cursor', async () => {
    const t = await createTestApp();
    for (const name of ['a', 'b', 'c']) await t.call('POST', '/api/segments', { ...vipSegment, name });
    const first = (await t.call('GET', '/api/segments?limit=2')).body;
    const second = (await t.call('GET', `/api/segments?limit=2&cursor=${first.nextCursor}`)).body;
    expect([...first.items, ...second.items].map((s: { name: string }) => s.name).sort()).toEqual(['a', 'b', 'c']);
    expect(second.nextCursor).toBeNull();
  });

  it('enrols a large segment once, in batches, in the background, with progress', async () => {
    const t = await createTestApp();
    const vips = await seedContacts(t, 3_100);
    const journeyId = await liveJourney(t.call, 'once');
    const { id } = (await t.call('POST', '/api/segments', vipSegment)).body;

    const draft = (await t.call('POST', '/api/journeys', { name: 'draft' })).body.id;
    expect((await t.call('POST', `/api/segments/${id}/enroll`, { journeyId: draft })).status).toBe(409);
    expect((await t.call('POST', `/api/segments/${id}/enroll`, { journeyId: 'jrn_missing' })).status).toBe(404);
    expect((await t.call('POST', '/api/segments/seg_missing/enroll', { journeyId })).status).toBe(404);

    const started = await t.call('POST', `/api/segments/${id}/enroll`, { journeyId });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'pending', schedule: null, enrolled: 0 });
    // Nothing is enrolled while the request is answered: the work is the runtime's.
    expect(await storedRuns(t)).toHaveLength(0);

    t.runtime.start();
    await t.runtime.idle();
    expect((await t.call('GET', `/api/segments/${id}/enrollments`)).body.items).toEqual([
      expect.objectContaining({ id: started.body.id, status: 'done', total: vips.length, enrolled: vips.length, skipped: 0, nextRunAt: null }),
    ]);
    const entered = await storedRuns(t, journeyId);
    expect(entered.map((r) => r.contactId).sort()).toEqual(vips);
  });

  it('re-runs a scheduled enrolment; the journey entry decides who enters again', async () => {
    const t = await createTestApp();
    const vips = await seedContacts(t, 60);
    const { id } = (await t.call('POST', '/api/segments', vipSegment)).body;
    const again = await liveJourney(t.call, 'after_exit');
    const once = await liveJourney(t.call, 'once');
    const schedule = { everyHours: 6 };
    await t.call('POST', `/api/segments/${id}/enroll`, { journeyId: again, schedule });
    await t.call('POST', `/api/segments/${id}/enroll`, { journeyId: once, schedule });
    t.runtime.start();
    await t.runtime.idle();
    const progress = async () =>
      Object.fromEntries(
        (await t.call('GET', `/api/segments/${id}/enrollments`)).body.items.map((e: { journeyId: string }) => [e.journeyId === again ? 'again' : 'once', e]),
      );
    const nextRunAt = new Date(t.clock.now() + 6 * HOUR).toISOString();
    expect(await progress()).toMatchObject({
      again: { status: 'pending', schedule, total: vips.length, enrolled: vips.length, skipped: 0, nextRunAt },
      once: { status: 'pending', schedule, total: vips.length, enrolled: vips.length, skipped: 0, nextRunAt },
    });

    t.clock.advance(6 * HOUR);
    t.runtime.kick();
    await t.runtime.idle();
    expect(await progress()).toMatchObject({
      again: { status: 'pending', enrolled: vips.length, skipped: 0 },
      once: { status: 'pending', enrolled: 0, skipped: vips.length },
    });
    const count = async (journeyId: string) => (await storedRuns(t, journeyId)).length;
    expect([await count(again), await count(once)]).toEqual([vips.length * 2, vips.length]);
  });

  it('fails an enrolment whose journey stopped being live', async () => {
    const t = await createTestApp();
    await seedContacts(t, 10);
    const journeyId = await liveJourney(t.call, 'once');
    const { id } = (await t.call('POST', '/api/segments', vipSegment)).body;
    await t.call('POST', `/api/segments/${id}/enroll`, { journeyId });
    await t.call('POST', `/api/journeys/${journeyId}/pause`, { entries: 'skip' });
    t.runtime.start();
    await t.runtime.idle();
    expect((await t.call('GET', `/api/segments/${id}/enrollments`)).body.items[0]).toMatchObject({ status: 'failed', error: expect.stringContaining('not live') });
  });
});
