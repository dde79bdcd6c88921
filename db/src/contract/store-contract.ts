import { journeyGraphSchema, journeySettingsSchema } from '@journey/nodes';
import type { RunState } from '@journey/nodes/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JourneyRecord, SegmentEnrollmentRecord } from '../port/model.ts';
import type { LoadedRun, RunCommit } from '../port/runs.ts';
import type { Store } from '../port/store.ts';
import { UniqueViolation } from '../port/errors.ts';
import { snapshot, tableRows } from '../testing.ts';

const NOW = Date.UTC(2026, 0, 1);
const graph = journeyGraphSchema.parse({
  nodes: [
    { id: 'entry', type: 'entry', position: { x: 0, y: 0 }, config: {} },
    { id: 'push', type: 'content_push', position: { x: 0, y: 0 }, config: { template: 'hi' } },
  ],
  edges: [{ id: 'e1', source: 'entry', sourceHandle: 'out', target: 'push' }],
});
const settings = journeySettingsSchema.parse({});

function journey(id: string, overrides: Partial<JourneyRecord> = {}): JourneyRecord {
  return { id, name: id, status: 'draft', graph, settings, publishedVersion: null, pausedEntries: null, revision: 1, createdAt: NOW, updatedAt: NOW, ...overrides };
}

async function liveJourney(store: Store, id: string): Promise<void> {
  await store.journeys.create(journey(id));
  expect(await store.journeys.publish({ journeyId: id, version: 1, graph, settings, publishedAt: NOW, publishedBy: null, note: null }, 1, NOW)).toBe(true);
}

/** A commit that advances `run` by one step to `to` (completed when `to` is undefined) with the given effects. */
function advance(run: LoadedRun, effects: RunCommit['result']['effects'], to: Partial<RunState> = {}): RunCommit {
  const seq = run.stepSeq + 1;
  return {
    before: run,
    result: {
      run: { ...run, status: 'completed', stepSeq: seq, endedAt: NOW, ...to },
      steps: [{ nodeId: run.nodeId, nodeType: 'content_push', seq, attempt: 1, startedAt: NOW, endedAt: NOW, outcome: 'next', port: 'out', error: null }],
      effects,
      counters: [{ nodeId: run.nodeId, port: 'out', count: 1 }],
    },
  };
}

/**
 * The behaviour every store implementation must have, through the port only: the SQLite and the
 * PostgreSQL store both run it.
 *
 * @example
 * ```ts
 * describeStoreContract('SQLite', async () => openSqliteStore(':memory:'));
 * ```
 */
export function describeStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`store contract on ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('journeys', () => {
      it('keeps drafts and versions, guards writes by revision, and pages newest first', async () => {
        for (const id of ['jrn_a', 'jrn_b', 'jrn_c']) await store.journeys.create(journey(id));
        const first = await store.journeys.list({}, { limit: 2 });
        expect(first.items.map((j) => j.id)).toEqual(['jrn_c', 'jrn_b']);
        expect((await store.journeys.list({}, { limit: 2, after: first.next! })).items.map((j) => j.id)).toEqual(['jrn_a']);

        const draft = { name: 'renamed', graph, settings: { ...settings, timezone: 'Asia/Tokyo' } };
        expect(await store.journeys.update('jrn_a', draft, 2, NOW)).toBeUndefined();
        const saved = await store.journeys.update('jrn_a', draft, 1, NOW + 1);
        expect(saved).toMatchObject({ name: 'renamed', revision: 2, updatedAt: NOW + 1, settings: { timezone: 'Asia/Tokyo' } });
        expect(await store.journeys.get('jrn_a')).toEqual(saved);

        expect(await store.journeys.publish({ journeyId: 'jrn_a', version: 1, graph, settings, publishedAt: NOW, publishedBy: 'usr_1', note: null }, 1, NOW)).toBe(false);
        expect(await store.journeys.version('jrn_a', 1)).toBeUndefined();
        expect(await store.journeys.publish({ journeyId: 'jrn_a', version: 1, graph, settings, publishedAt: NOW, publishedBy: 'usr_1', note: '双十一版' }, 2, NOW)).toBe(true);
        expect(await store.journeys.get('jrn_a')).toMatchObject({ status: 'live', publishedVersion: 1, revision: 3 });
        expect(await store.journeys.lastVersion('jrn_a')).toBe(1);
        expect(await store.journeys.version('jrn_a', 1)).toMatchObject({ version: 1, graph, publishedBy: 'usr_1', note: '双十一版' });
        expect((await store.journeys.versions('jrn_a', { limit: 10 })).items.map((v) => v.version)).toEqual([1]);
        expect(await store.journeys.published()).toEqual([{ id: 'jrn_a', status: 'live', publishedVersion: 1, pausedEntries: null }]);
        expect(await store.journeys.setStatus('jrn_a', 'paused', 3, NOW)).toMatchObject({ status: 'paused', revision: 4, pausedEntries: 'queue' });
        expect(await store.journeys.setStatus('jrn_a', 'live', 4, NOW)).toMatchObject({ status: 'live', pausedEntries: null });
        expect(await store.journeys.setStatus('jrn_a', 'paused', 5, NOW, 'skip')).toMatchObject({ status: 'paused', revision: 6 });
        expect(await store.journeys.published()).toEqual([{ id: 'jrn_a', status: 'paused', publishedVersion: 1, pausedEntries: 'skip' }]);
        expect(await store.journeys.list({ status: 'paused' }, { limit: 10 })).toMatchObject({ items: [{ id: 'jrn_a' }], next: null });
        // Archived journeys leave the unfiltered list; asking for them by status still finds them.
        expect(await store.journeys.setStatus('jrn_a', 'archived', 6, NOW)).toMatchObject({ status: 'archived', revision: 7 });
        expect((await store.journeys.list({}, { limit: 10 })).items.map((j) => j.id)).not.toContain('jrn_a');
        expect(await store.journeys.list({ status: 'archived' }, { limit: 10 })).toMatchObject({ items: [{ id: 'jrn_a' }], next: null });
        expect(await store.journeys.published()).toEqual([]);

        await store.journeys.delete('jrn_a');
        expect(await store.journeys.get('jrn_a')).toBeUndefined();
        expect(await store.journeys.version('jrn_a', 1)).toBeUndefined();
      });
    });

    describe('events', () => {
      it('stores events once per messageId, creates their contacts, and keeps the backlog in order', async () => {
        const e = (contactId: string, messageId: string | null) => ({ contactId, type: 'page.view', properties: { n: { deep: [1] } }, timestamp: NOW, messageId });
        const first = await store.events.ingest([e('u1', 'm1'), e('u2', null), e('u1', 'm2')], NOW);
        expect(first).toMatchObject({ duplicates: 0, stored: [0, 1, 2] });
        expect(first.ids).toHaveLength(3);
        const again = await store.events.ingest([e('u1', 'm1'), e('u3', 'm3')], NOW);
        expect(again).toMatchObject({ duplicates: 1, stored: [1] });
        expect(again.ids).toHaveLength(1);
        expect(await store.contacts.get('u3')).toMatchObject({ id: 'u3', name: null, attributes: {} });

        expect(await store.events.countUnprocessed()).toBe(4);
        const batch = await store.events.unprocessed(10);
        expect(batch.map((b) => b.id)).toEqual([...first.ids, ...again.ids]);
        expect(batch[0]).toEqual({ id: first.ids[0], contactId: 'u1', type: 'page.view', properties: { n: { deep: [1] } }, timestamp: NOW, receivedAt: NOW });
        await store.events.markProcessed(first.ids, NOW);
        expect((await store.events.unprocessed(10)).map((b) => b.id)).toEqual(again.ids);
        expect(await store.events.hasEarlier('u1', first.ids[2]!)).toBe(true);
        expect(await store.events.hasEarlier('u1', first.ids[0]!)).toBe(false);
        const appended = await store.events.append({ contactId: 'u9', type: 'referral.qualified', properties: {}, timestamp: NOW }, NOW);
        expect((await store.events.unprocessed(10)).map((b) => b.id)).toEqual([...again.ids, appended]);
        expect(await store.events.hasUnprocessed()).toBe(true);
      });

      it('keeps the first of a messageId repeated within one call', async () => {
        const e = (messageId: string | null, n: number) => ({ contactId: 'u1', type: 'page.view', properties: { n }, timestamp: NOW, messageId });
        const { ids, duplicates } = await store.events.ingest([e('m5', 1), e('m5', 2), e(null, 3), e('m5', 4)], NOW);
        expect(duplicates).toBe(2);
        expect((await store.events.unprocessed(10)).map((b) => [b.id, b.properties.n])).toEqual([
          [ids[0], 1],
          [ids[1], 3],
        ]);
      });
    });

    describe('runs', () => {
      beforeEach(async () => {
        await liveJourney(store, 'j1');
        await store.contacts.upsert({ id: 'c1', name: '王小明', attributes: { city: '上海' }, tags: ['vip'] }, NOW);
        await store.runs.insert(
          [
            { id: 'run_1', journeyId: 'j1', version: 1, contactId: 'c1', nodeId: 'entry', entryEventId: null },
            { id: 'run_2', journeyId: 'j1', version: 1, contactId: 'c2', nodeId: 'entry', entryEventId: null },
          ],
          NOW,
        );
      });

      it('loads due runs and commits a step once, with its steps, messages, tags and counters', async () => {
        expect(await store.runs.hasDue(NOW)).toBe(true);
        const due = await store.runs.due(NOW, 10);
        expect(due.map((r) => r.id).sort()).toEqual(['run_1', 'run_2']);
        const run = due.find((r) => r.id === 'run_1')!;
        expect(run).toMatchObject({ status: 'active', stepSeq: 0, context: {}, waitingMatch: null, entryEventId: null });
        const commit = advance(run, [
          { nodeId: 'entry', seq: 1, effect: { kind: 'message', channel: 'sms', title: '', body: '你好' } },
          { nodeId: 'entry', seq: 1, effect: { kind: 'message', channel: 'sms', title: '', body: '再见' } },
          { nodeId: 'entry', seq: 1, effect: { kind: 'tags', add: ['welcomed'], remove: ['vip'] } },
        ]);
        expect(await store.runs.commit([commit], NOW)).toEqual({ applied: 1, messages: 2 });
        expect(await store.runs.commit([commit], NOW)).toEqual({ applied: 0, messages: 0 });

        expect(await store.runs.record('run_1')).toMatchObject({ status: 'completed', endedAt: NOW });
        expect(await store.contacts.tags('c1')).toEqual(['welcomed']);
        const messages = await store.outbox.list({ contactId: 'c1' }, { limit: 10 });
        expect(messages.items.map((m) => m.idempotencyKey).sort()).toEqual(['run_1:entry:1', 'run_1:entry:1:1']);
        expect(await store.stats.nodeCounters('j1')).toEqual([{ nodeId: 'entry', port: 'out', count: 1 }]);
        expect((await store.contacts.timeline('c1', { limit: 10 })).items).toMatchObject([{ runId: 'run_1', seq: 1, outcome: 'next', port: 'out' }]);
        expect((await store.runs.due(NOW, 10)).map((r) => r.id)).toEqual(['run_2']);
        expect(await store.runs.countByStatus()).toMatchObject({ active: 1, completed: 1 });
        expect(await store.runs.countOpen('j1')).toBe(1);
      });

      it('counts one version apart from the others: its runs at each node, its entries and the ports its runs left by', async () => {
        await store.runs.insert([{ id: 'run_3', journeyId: 'j1', version: 2, contactId: 'c3', nodeId: 'entry', entryEventId: null }], NOW);
        for (const id of ['run_1', 'run_3']) await store.runs.commit([advance((await store.runs.get(id))!, [])], NOW);
        expect(await store.stats.versionCounters('j1', 1)).toEqual(expect.arrayContaining([
          { nodeId: 'entry', port: '', count: 1 },
          { nodeId: 'entry', port: 'out', count: 1 },
        ]));
        expect(await store.stats.versionCounters('j1', 1)).toHaveLength(2);
        expect(await store.stats.versionCounters('j1', 3)).toEqual([]);
        expect(await store.stats.runsAtNodes('j1', 2)).toEqual([{ nodeId: 'entry', status: 'completed', count: 1, held: 0 }]);
        expect((await store.stats.runsAtNodes('j1', 1)).map((r) => [r.status, r.count]).sort()).toEqual([['active', 1], ['completed', 1]]);
      });

      it('answers due runs active first, then woken ones earliest first, up to the limit', async () => {
        await store.runs.insert([{ id: 'run_3', journeyId: 'j1', version: 1, contactId: 'c3', nodeId: 'entry', entryEventId: null }], NOW);
        const park = async (id: string, wakeAt: number) =>
          store.runs.commit([advance((await store.runs.get(id))!, [], { status: 'waiting', wakeAt, parkedAt: NOW, endedAt: null })], NOW);
        await park('run_1', NOW + 20);
        await park('run_2', NOW + 10);
        expect((await store.runs.due(NOW + 30, 10)).map((r) => r.id)).toEqual(['run_3', 'run_2', 'run_1']);
        expect((await store.runs.due(NOW + 30, 2)).map((r) => r.id)).toEqual(['run_3', 'run_2']);
        expect((await store.runs.due(NOW + 15, 10)).map((r) => r.id)).toEqual(['run_3', 'run_2']);
      });

      it('applies only the commits whose run is as it was loaded, with only their steps, messages and counters', async () => {
        const [run1, run2] = [(await store.runs.get('run_1'))!, (await store.runs.get('run_2'))!];
        const message = [{ nodeId: 'entry', seq: 1, effect: { kind: 'message' as const, channel: 'sms', title: '', body: 'x' } }];
        await store.runs.commit([advance(run1, [], { status: 'active' })], NOW);
        // run_1 moved on; a state loaded with another resume event is stale too.
        const stale = [advance(run1, message), advance({ ...run2, resumeEventId: 'evt_other' }, message), advance(run2, message)];
        expect(await store.runs.commit(stale, NOW)).toEqual({ applied: 1, messages: 1 });
        expect(await store.runs.record('run_1')).toMatchObject({ status: 'active' });
        expect((await store.outbox.list({}, { limit: 10 })).items.map((m) => m.runId)).toEqual(['run_2']);
        expect(await store.stats.nodeCounters('j1')).toEqual([{ nodeId: 'entry', port: 'out', count: 2 }]);
        expect((await tableRows<{ runId: string }>(store, 'steps')).map((s) => s.runId).sort()).toEqual(['run_1', 'run_2']);
      });

      it('applies tag changes in order, removals before additions; a tag removed and added again is added anew', async () => {
        const tags = (add: string[], remove: string[]) => ({ nodeId: 'entry', seq: 1, effect: { kind: 'tags' as const, add, remove } });
        await store.runs.commit([advance((await store.runs.get('run_1'))!, [tags(['x', 'y'], [])], { status: 'active' })], NOW);
        const later = (await store.runs.get('run_1'))!;
        await store.runs.commit([advance(later, [tags(['z'], ['x']), tags(['x'], ['z', 'vip']), tags(['vip'], [])])], NOW + 5);
        expect(await store.contacts.tags('c1')).toEqual(['vip', 'x', 'y']);
        // A step sees the tags in the order they were added: y at NOW, vip and x again at NOW + 5.
        const inputs = await store.runs.stepInputs({ contactIds: ['c1'], eventIds: [], sentSince: null, optOutsOf: [] });
        expect(inputs.contacts.get('c1')?.tags).toEqual(['y', 'vip', 'x']);
        // c2 has no profile, yet its tags reach its steps.
        await store.runs.commit([advance((await store.runs.get('run_2'))!, [tags(['b'], [])])], NOW);
        expect((await store.runs.stepInputs({ contactIds: ['c2'], eventIds: [], sentSince: null, optOutsOf: [] })).contacts.get('c2')).toMatchObject({ id: 'c2', name: null, tags: ['b'] });
      });

      it('resumes a run once when two resumes of it arrive in one call, the first winning', async () => {
        const run = (await store.runs.get('run_1'))!;
        await store.runs.commit([advance(run, [], { status: 'waiting', waitingFor: 'order.paid', parkedAt: NOW, endedAt: null })], NOW);
        const resumes = [
          { runId: 'run_1', stepSeq: 0, eventId: 'evt_stale' },
          { runId: 'run_1', stepSeq: 1, eventId: 'evt_a' },
          { runId: 'run_1', stepSeq: 1, eventId: 'evt_b' },
        ];
        expect(await store.runs.resume(resumes, NOW)).toBe(1);
        expect(await store.runs.get('run_1')).toMatchObject({ status: 'active', resumeEventId: 'evt_a' });
      });

      it('refuses a commit whose offer code is taken with UniqueViolation, writing nothing of it', async () => {
        const offer = (code: string) => ({
          nodeId: 'entry', seq: 1, effect: { kind: 'offer' as const, code, offerKind: 'coupon', name: '券', value: 5, currency: 'CNY', expiresAt: NOW + 1000 },
        });
        await store.runs.commit([advance((await store.runs.get('run_1'))!, [offer('TAKEN')])], NOW);
        const before = await snapshot(store);
        const refused = store.runs.commit([advance((await store.runs.get('run_2'))!, [offer('TAKEN')])], NOW);
        await expect(refused).rejects.toBeInstanceOf(UniqueViolation);
        await expect(refused).rejects.toMatchObject({ constraint: 'offers_code' });
        expect(await snapshot(store)).toEqual(before);
        const inTransaction = store.transaction(async (tx) => tx.runs.commit([advance((await tx.runs.get('run_2'))!, [offer('TAKEN')])], NOW));
        await expect(inTransaction).rejects.toBeInstanceOf(UniqueViolation);
        expect(await snapshot(store)).toEqual(before);
      });

      it('steps due runs in one go: the runs, what they need, and the commit of what advance returns', async () => {
        const { ids } = await store.events.ingest([{ contactId: 'c1', type: 'order.paid', properties: {}, timestamp: NOW, messageId: null }], NOW);
        const batch = await store.runs.step({ limit: 10 }, NOW, async (runs, reads) => {
          const inputs = await reads.inputs({ contactIds: runs.map((r) => r.contactId), eventIds: ids, sentSince: null, optOutsOf: [] });
          expect(inputs.contacts.get('c1')).toMatchObject({ name: '王小明', tags: ['vip'] });
          expect(inputs.events.get(ids[0]!)).toMatchObject({ type: 'order.paid' });
          expect(await reads.eventsSince([{ contactId: 'c1', types: ['order.paid', 'page.view'], after: { receivedAt: NOW } }])).toMatchObject([
            { id: ids[0], type: 'order.paid', receivedAt: NOW },
          ]);
          expect(await reads.eventsSince([{ contactId: 'c1', types: ['order.paid'], after: { eventId: ids[0]! } }])).toEqual([]);
          expect(await reads.eventsSince([{ contactId: 'c1', types: ['order.paid'], after: { receivedAt: NOW + 1 } }])).toEqual([]);
          expect(await reads.eventsSince([{ contactId: 'c2', types: ['order.paid'], after: { receivedAt: 0 } }])).toEqual([]);
          return runs.filter((r) => r.id === 'run_1').map((run) => advance(run, []));
        });
        expect(batch.runs.map((r) => r.id).sort()).toEqual(['run_1', 'run_2']);
        expect(batch.commits).toHaveLength(1);
        expect(batch.summary).toEqual({ applied: 1, messages: 0 });
        expect((await store.runs.step({ ids: ['run_1', 'run_2'] }, NOW, async (runs) => runs.map((run) => advance(run, [])))).summary.applied).toBe(1);
        expect(await store.runs.step({ limit: 10 }, NOW, async () => [])).toEqual({ runs: [], commits: [], summary: { applied: 0, messages: 0 } });
      });

      it('never writes a second message for the same step, even from another run state', async () => {
        const run = (await store.runs.get('run_1'))!;
        const commit = advance(run, [{ nodeId: 'entry', seq: 1, effect: { kind: 'message', channel: 'sms', title: '', body: 'x' } }], { status: 'active' });
        expect(await store.runs.commit([commit], NOW)).toEqual({ applied: 1, messages: 1 });
        const later = (await store.runs.get('run_1'))!;
        expect(await store.runs.commit([{ before: later, result: { ...commit.result, run: { ...commit.result.run, stepSeq: 2 } } }], NOW)).toEqual({ applied: 1, messages: 0 });
      });

      it('parks runs on timers and events, resumes them once, and never runs those of paused journeys', async () => {
        const run = (await store.runs.get('run_1'))!;
        const waiting = advance(run, [], { status: 'waiting', wakeAt: NOW + 60_000, waitingFor: 'order.paid', waitingMatch: { sku: 'tea' }, parkedAt: NOW, endedAt: null });
        await store.runs.commit([waiting], NOW);
        expect((await store.runs.due(NOW, 10)).map((r) => r.id)).toEqual(['run_2']);
        expect(await store.runs.nextWakeAt(NOW)).toBe(NOW + 60_000);
        expect((await store.runs.due(NOW + 60_000, 10)).map((r) => r.id).sort()).toEqual(['run_1', 'run_2']);
        expect(await store.runs.openRuns(['c1'])).toEqual([
          { id: 'run_1', journeyId: 'j1', version: 1, contactId: 'c1', status: 'waiting', nodeId: 'entry', waitingFor: 'order.paid', waitingMatch: { sku: 'tea' }, stepSeq: 1 },
        ]);
        expect(await store.runs.resume([{ runId: 'run_1', stepSeq: 0, eventId: 'evt_x' }], NOW)).toBe(0);
        expect(await store.runs.resume([{ runId: 'run_1', stepSeq: 1, eventId: 'evt_x' }], NOW)).toBe(1);
        expect(await store.runs.resume([{ runId: 'run_1', stepSeq: 1, eventId: 'evt_y' }], NOW)).toBe(0);
        expect(await store.runs.get('run_1')).toMatchObject({ status: 'active', resumeEventId: 'evt_x' });
        expect((await store.runs.dueByIds(['run_1', 'run_9'], NOW)).map((r) => r.id)).toEqual(['run_1']);

        await store.journeys.setStatus('j1', 'paused', (await store.journeys.get('j1'))!.revision, NOW);
        expect(await store.runs.due(NOW + 60_000, 10)).toEqual([]);
        expect(await store.runs.dueByIds(['run_1'], NOW)).toEqual([]);
        expect(await store.runs.hasDue(NOW)).toBe(false);
        expect(await store.runs.backlog(NOW)).toEqual({ dueRuns: 0, oldestDueAt: null });
      });

      it('tells the entry history of contacts and journeys, and what the sweeper needs', async () => {
        expect(await store.runs.entryHistory(['c1', 'c2', 'c3'], ['j1', 'j2'])).toEqual(
          expect.arrayContaining([
            { contactId: 'c1', journeyId: 'j1', open: true },
            { contactId: 'c2', journeyId: 'j1', open: true },
          ]),
        );
        await store.runs.commit([advance((await store.runs.get('run_1'))!, [])], NOW);
        expect(await store.runs.entryHistory(['c1'], ['j1'])).toEqual([{ contactId: 'c1', journeyId: 'j1', open: false }]);
        expect((await store.runs.activeSince([0, ''], 10)).map((r) => r.id)).toEqual(['run_2']);
        expect(await store.runs.activeSince([NOW, 'run_2'], 10)).toEqual([]);
        expect((await store.runs.overdue(NOW, 10)).map((r) => r.id)).toEqual(['run_2']);
        expect(await store.runs.backlog(NOW + 5)).toEqual({ dueRuns: 1, oldestDueAt: NOW });
        expect((await store.runs.list('j1', { status: 'completed' }, { limit: 10 })).items.map((r) => r.id)).toEqual(['run_1']);
        expect((await store.runs.ofContact('c2')).map((r) => r.id)).toEqual(['run_2']);
      });

      it('holds an entry history asked in a transaction until it ends: another asking waits, then sees its runs', async () => {
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        const first = store.transaction(async (tx) => {
          const history = await tx.runs.entryHistory(['c9'], ['j1']);
          await tx.runs.insert([{ id: 'run_9', journeyId: 'j1', version: 1, contactId: 'c9', nodeId: 'entry', entryEventId: null }], NOW);
          await held;
          return history;
        });
        await new Promise((resolve) => setTimeout(resolve, 30));
        const second = store.transaction((tx) => tx.runs.entryHistory(['c9', 'c1'], ['j1']));
        await new Promise((resolve) => setTimeout(resolve, 30));
        release();
        expect(await first).toEqual([]);
        expect(await second).toEqual(
          expect.arrayContaining([
            { contactId: 'c9', journeyId: 'j1', open: true },
            { contactId: 'c1', journeyId: 'j1', open: true },
          ]),
        );
      });

      it('gives a step the contact, its events and the messages sent lately', async () => {
        await store.butterfly.putMembership({ contactId: 'c1', planId: 'gold', tier: 'gold', at: NOW, expiresAt: NOW + 1000 });
        await store.butterfly.changeBalance({ contactId: 'c1', amount: 30, reason: 'top_up', source: 'evt_t', planId: null }, NOW);
        const { ids } = await store.events.ingest([{ contactId: 'c1', type: 'order.paid', properties: { sku: 'tea' }, timestamp: NOW, messageId: null }], NOW);
        await store.runs.commit([advance((await store.runs.get('run_1'))!, [{ nodeId: 'entry', seq: 1, effect: { kind: 'message', channel: 'sms', title: '', body: 'x' } }], { status: 'active' })], NOW);
        const inputs = await store.runs.stepInputs({ contactIds: ['c1', 'c2'], eventIds: ids, sentSince: { contactIds: ['c1'], since: NOW - 1 }, optOutsOf: [] });
        expect(inputs.contacts.get('c1')).toMatchObject({ name: '王小明', attributes: { city: '上海' }, tags: ['vip'], balance: 30, memberships: [{ planId: 'gold', tier: 'gold', status: 'active' }] });
        expect(inputs.events.get(ids[0]!)).toMatchObject({ type: 'order.paid', properties: { sku: 'tea' } });
        expect(inputs.sent.get('c1')).toEqual([{ journeyId: 'j1', channel: 'sms', at: NOW }]);
      });

      it('counts only marketing messages for caps, gives opt-outs, and keeps a hold reason and a step reason', async () => {
        const run = (await store.runs.get('run_1'))!;
        const commit = advance(
          run,
          [
            { nodeId: 'entry', seq: 1, effect: { kind: 'message', channel: 'sms', title: '', body: 'sale' } },
            { nodeId: 'entry', seq: 1, effect: { kind: 'message', channel: 'sms', title: '', body: 'code 123', priority: 'transactional' } },
          ],
          { status: 'waiting', wakeAt: NOW + 3_600_000, parkedAt: NOW, holdReason: 'frequency_cap.workspace' },
        );
        commit.result.steps[0] = { ...commit.result.steps[0]!, outcome: 'wait', port: null, reason: 'frequency_cap.workspace' };
        await store.runs.commit([commit], NOW);
        await store.consent.replace('c1', [{ channel: 'sms', at: NOW, source: 'sms_reply', eventId: 'evt_x' }]);
        const inputs = await store.runs.stepInputs({ contactIds: ['c1', 'c2'], eventIds: [], sentSince: { contactIds: ['c1', 'c2'], since: NOW - 1 }, optOutsOf: ['c1', 'c2'] });
        expect(inputs.sent.get('c1')).toEqual([{ journeyId: 'j1', channel: 'sms', at: NOW }]);
        expect(inputs.optedOut).toEqual(new Map([['c1', ['sms']]]));
        expect((await store.runs.stepInputs({ contactIds: ['c1'], eventIds: [], sentSince: null, optOutsOf: [] })).optedOut.size).toBe(0);
        expect(await store.runs.record('run_1')).toMatchObject({ status: 'waiting', wakeAt: NOW + 3_600_000, holdReason: 'frequency_cap.workspace' });
        expect((await store.runs.get('run_1'))!.holdReason).toBe('frequency_cap.workspace');
        expect((await store.contacts.timeline('c1', { limit: 10 })).items).toMatchObject([{ outcome: 'wait', reason: 'frequency_cap.workspace' }]);
        const sent = await store.outbox.list({ contactId: 'c1' }, { limit: 10 });
        expect(sent.items.map((m) => [m.body, m.priority]).sort()).toEqual([['code 123', 'transactional'], ['sale', 'marketing']]);
      });

      it('replaces and reads opt-outs per contact', async () => {
        expect(await store.consent.optOuts(['c1'])).toEqual(new Map());
        await store.consent.replace('c1', [
          { channel: 'sms', at: NOW, source: 'sms_reply', eventId: 'evt_1' },
          { channel: '*', at: NOW + 1, source: 'api', eventId: null },
        ]);
        await store.consent.replace('c2', [{ channel: 'email', at: NOW, source: 'api', eventId: null }]);
        const found = await store.consent.optOuts(['c1', 'c2', 'c3']);
        expect(found.get('c1')).toEqual([
          { channel: '*', at: NOW + 1, source: 'api', eventId: null },
          { channel: 'sms', at: NOW, source: 'sms_reply', eventId: 'evt_1' },
        ]);
        expect(found.get('c2')).toHaveLength(1);
        expect(found.has('c3')).toBe(false);
        await store.consent.replace('c1', []);
        expect((await store.consent.optOuts(['c1', 'c2'])).has('c1')).toBe(false);
      });

      it('commits offers, referral codes and rewards once, crediting balance rewards to the ledger', async () => {
        const run = (await store.runs.get('run_1'))!;
        const commit = advance(run, [
          { nodeId: 'entry', seq: 1, effect: { kind: 'offer', code: 'ABCD-EFGH-JKLM', offerKind: 'coupon', name: '新人券', value: 20, threshold: 100, currency: 'CNY', expiresAt: NOW + 1000 } },
          { nodeId: 'entry', seq: 1, effect: { kind: 'referral_code', code: 'REF1' } },
          { nodeId: 'entry', seq: 1, effect: { kind: 'reward', rewardKind: 'balance', amount: 50 } },
          { nodeId: 'entry', seq: 2, effect: { kind: 'reward', rewardKind: 'coupon', amount: 30, threshold: 199.5, code: 'RWRD-CPN1-AAAA' } },
        ]);
        await store.runs.commit([commit], NOW);
        await store.runs.commit([{ before: (await store.runs.get('run_1'))!, result: { ...commit.result, run: { ...commit.result.run, stepSeq: 9 } } }], NOW);
        expect(await store.butterfly.offersOf('c1')).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ code: 'ABCD-EFGH-JKLM', name: '新人券', value: 20, threshold: 100, redeemedAt: null }),
            expect.objectContaining({ code: 'RWRD-CPN1-AAAA', kind: 'coupon', value: 30, threshold: 199.5 }),
          ]),
        );
        expect(await store.butterfly.offerByCode('ABCD-EFGH-JKLM')).toMatchObject({ contactId: 'c1', threshold: 100 });
        expect(await store.butterfly.referrerByCode('REF1')).toBe('c1');
        expect(await store.butterfly.balance('c1')).toBe(50);
        expect(await tableRows(store, 'rewards')).toHaveLength(2);
      });
    });

    describe('outbox', () => {
      beforeEach(async () => {
        await liveJourney(store, 'j1');
        await store.runs.insert([{ id: 'run_1', journeyId: 'j1', version: 1, contactId: 'c1', nodeId: 'entry', entryEventId: null }], NOW);
        const effects = ['a', 'b', 'c'].map((body) => ({ nodeId: 'entry', seq: 1, effect: { kind: 'message' as const, channel: 'sms', title: '', body } }));
        await store.runs.commit([advance((await store.runs.get('run_1'))!, effects)], NOW);
      });

      it('claims due messages, records outcomes and lists them newest first', async () => {
        const due = await store.outbox.claim('d1', NOW, 10, 1000);
        expect(due.map((m) => m.body).sort()).toEqual(['a', 'b', 'c']);
        expect(due[0]).toMatchObject({ runId: 'run_1', journeyId: 'j1', contactId: 'c1', channel: 'sms', attempts: 0, createdAt: NOW, interrupted: false });
        const [a, b, c] = [...due].sort((x, y) => x.body.localeCompare(y.body));
        await store.outbox.record(
          [
            { id: a!.id, outcome: 'sent' },
            { id: b!.id, outcome: 'retry', error: 'busy', nextAttemptAt: NOW + 500 },
            { id: c!.id, outcome: 'failed', error: 'gone' },
          ],
          NOW + 1,
          'd1',
        );
        expect(await store.outbox.countDue(NOW + 1)).toBe(0);
        expect(await store.outbox.nextAttemptAt(NOW + 1)).toBe(NOW + 500);
        expect(await store.outbox.hasPending()).toBe(true);
        const listed = await store.outbox.list({}, { limit: 2 });
        expect(listed.items).toHaveLength(2);
        expect((await store.outbox.list({}, { limit: 2, after: listed.next! })).items).toHaveLength(1);
        expect((await store.outbox.list({ status: 'sent' }, { limit: 10 })).items).toMatchObject([{ body: 'a', sentAt: NOW + 1, attempts: 1, error: null }]);
        expect((await store.outbox.list({ status: 'failed' }, { limit: 10 })).items).toMatchObject([{ body: 'c', error: 'gone', attempts: 1 }]);
        expect(await store.outbox.get(a!.id)).toMatchObject({ body: 'a', status: 'sent' });
        const delivery = { idempotencyKey: a!.idempotencyKey, messageId: a!.id, channel: 'sms', contactId: 'c1' };
        await store.outbox.recordDeliveries([delivery], NOW);
        await store.outbox.recordDeliveries([delivery], NOW + 5);
        expect(await tableRows(store, 'deliveries')).toMatchObject([{ idempotencyKey: a!.idempotencyKey, deliveredAt: NOW }]);
      });

      it('hands out due messages earliest attempt first', async () => {
        const id = new Map((await store.outbox.claim('d1', NOW, 10, 1000)).map((m) => [m.body, m.id]));
        await store.outbox.record(
          [
            { id: id.get('a')!, outcome: 'retry', error: 'busy', nextAttemptAt: NOW + 30 },
            { id: id.get('b')!, outcome: 'retry', error: 'busy', nextAttemptAt: NOW + 10 },
            { id: id.get('c')!, outcome: 'retry', error: 'busy', nextAttemptAt: NOW + 20 },
          ],
          NOW,
          'd1',
        );
        expect((await store.outbox.claim('d1', NOW + 100, 2, 1000)).map((m) => [m.body, m.attempts])).toEqual([
          ['b', 1],
          ['c', 1],
        ]);
        expect(await store.outbox.nextAttemptAt(NOW)).toBe(NOW + 10);
        expect(await store.outbox.countDue(NOW + 25)).toBe(2);
      });

      it('gives a claimed message to no other dispatcher until the claim runs out, and ignores outcomes of a lost claim', async () => {
        const claimed = await store.outbox.claim('d1', NOW, 1, 1000);
        expect(claimed).toHaveLength(1);
        expect((await store.outbox.claim('d2', NOW + 10, 10, 1000)).map((m) => m.id)).not.toContain(claimed[0]!.id);
        await store.outbox.renewClaims('d1', NOW + 2000);
        expect((await store.outbox.claim('d3', NOW + 1500, 10, 1000)).map((m) => m.id)).not.toContain(claimed[0]!.id);
        const back = await store.outbox.claim('d3', NOW + 2001, 10, 1000);
        expect(back.map((m) => m.id)).toContain(claimed[0]!.id);
        await store.outbox.record([{ id: claimed[0]!.id, outcome: 'sent' }], NOW + 2002, 'd1');
        expect(await store.outbox.get(claimed[0]!.id)).toMatchObject({ status: 'pending', attempts: 0 });
        await store.outbox.record([{ id: claimed[0]!.id, outcome: 'sent' }], NOW + 2003, 'd3');
        expect(await store.outbox.get(claimed[0]!.id)).toMatchObject({ status: 'sent', attempts: 1 });
      });

      it('tells a delivery cut off mid-way, and lets an operator resend or drop what ended unknown', async () => {
        const [first, second] = await store.outbox.claim('dead', NOW, 2, 1000);
        await store.outbox.startDelivery([first!.id], 'dead', NOW);
        const again = await store.outbox.claim('alive', NOW + 1001, 10, 1000);
        expect(again.find((m) => m.id === first!.id)?.interrupted).toBe(true);
        expect(again.find((m) => m.id === second!.id)?.interrupted).toBe(false);
        await store.outbox.record([{ id: first!.id, outcome: 'unknown', error: 'cut off' }], NOW + 1002, 'alive');
        expect(await store.outbox.get(first!.id)).toMatchObject({ status: 'unknown', error: 'cut off' });
        expect(await store.outbox.resolveUnknown(second!.id, 'resend', NOW)).toBe(false);
        expect(await store.outbox.resolveUnknown(first!.id, 'resend', NOW + 2000)).toBe(true);
        const resent = await store.outbox.claim('alive', NOW + 2000, 10, 1000);
        expect(resent.find((m) => m.id === first!.id)).toMatchObject({ interrupted: false });
        await store.outbox.record([{ id: first!.id, outcome: 'unknown', error: 'cut off again' }], NOW + 2001, 'alive');
        expect(await store.outbox.resolveUnknown(first!.id, 'drop', NOW + 3000)).toBe(true);
        expect(await store.outbox.get(first!.id)).toMatchObject({ status: 'failed', error: expect.stringContaining('operator') });
      });

      it('keeps a message the carrier holds for confirmation out of the queue until its channel settles it', async () => {
        const [a, b] = [...(await store.outbox.claim('d1', NOW, 10, 1000))].sort((x, y) => x.body.localeCompare(y.body));
        await store.outbox.record([{ id: a!.id, outcome: 'pending_confirmation' }, { id: b!.id, outcome: 'pending_confirmation' }], NOW + 1, 'd1');
        expect(await store.outbox.get(a!.id)).toMatchObject({ status: 'pending_confirmation', attempts: 1, error: null, sentAt: null });
        expect((await store.outbox.claim('d2', NOW + 10_000, 10, 1000)).map((m) => m.id)).not.toContain(a!.id);
        expect(await store.outbox.settle(a!.id, { status: 'sent' }, NOW + 5)).toBe(true);
        expect(await store.outbox.settle(a!.id, { status: 'failed', error: 'late' }, NOW + 6)).toBe(false);
        expect(await store.outbox.settle(b!.id, { status: 'failed', error: 'The member did not confirm it in time' }, NOW + 7)).toBe(true);
        expect(await store.outbox.get(a!.id)).toMatchObject({ status: 'sent', sentAt: NOW + 5 });
        expect(await store.outbox.get(b!.id)).toMatchObject({ status: 'failed', error: 'The member did not confirm it in time', sentAt: null });
      });
    });

    describe('plugin records', () => {
      const record = (key: string, value: Record<string, unknown>, expiresAt?: number) => ({ plugin: 'wecom', kind: 'k', key, value, expiresAt: expiresAt ?? null });

      it('keeps each plugin its records by kind and key, expiring ones read as absent', async () => {
        await store.pluginRecords.put(record('a', { n: 1 }), NOW);
        await store.pluginRecords.put(record('a', { n: 2, nested: { ok: true } }), NOW + 1);
        await store.pluginRecords.put(record('b', { n: 3 }, NOW + 100), NOW);
        await store.pluginRecords.put({ ...record('a', { other: true }), plugin: 'points' }, NOW);
        expect(await store.pluginRecords.get('wecom', 'k', 'a', NOW + 2)).toEqual({ ...record('a', { n: 2, nested: { ok: true } }), updatedAt: NOW + 1 });
        expect(await store.pluginRecords.get('wecom', 'k', 'b', NOW + 99)).toMatchObject({ value: { n: 3 }, expiresAt: NOW + 100 });
        expect(await store.pluginRecords.get('wecom', 'k', 'b', NOW + 100)).toBeUndefined();
        const first = await store.pluginRecords.list('wecom', 'k', NOW, { limit: 1 });
        expect(first.items.map((r) => r.key)).toEqual(['a']);
        expect((await store.pluginRecords.list('wecom', 'k', NOW, { limit: 1, after: first.next! })).items.map((r) => r.key)).toEqual(['b']);
        expect((await store.pluginRecords.list('wecom', 'k', NOW + 100, { limit: 10 })).items.map((r) => r.key)).toEqual(['a']);
        expect(await store.pluginRecords.delete('wecom', 'k', 'a')).toBe(true);
        expect(await store.pluginRecords.delete('wecom', 'k', 'a')).toBe(false);
        expect(await store.pluginRecords.get('points', 'k', 'a', NOW)).toMatchObject({ value: { other: true } });
      });

      it('inserts only into a free key: absent or expired', async () => {
        expect(await store.pluginRecords.insert(record('lock', { owner: 1 }, NOW + 10), NOW)).toBe(true);
        expect(await store.pluginRecords.insert(record('lock', { owner: 2 }, NOW + 20), NOW + 5)).toBe(false);
        expect(await store.pluginRecords.insert(record('lock', { owner: 3 }, NOW + 30), NOW + 10)).toBe(true);
        expect(await store.pluginRecords.get('wecom', 'k', 'lock', NOW + 11)).toMatchObject({ value: { owner: 3 } });
        expect(await store.pluginRecords.insert(record('forever', {}), NOW)).toBe(true);
        expect(await store.pluginRecords.insert(record('forever', {}), NOW + 1e12)).toBe(false);
      });

      it('deletes expired records in batches, of every plugin, and keeps the rest', async () => {
        for (const key of ['x1', 'x2', 'x3']) await store.pluginRecords.put(record(key, {}, NOW + 10), NOW);
        await store.pluginRecords.put({ ...record('x4', {}, NOW + 10), plugin: 'points' }, NOW);
        await store.pluginRecords.put(record('later', {}, NOW + 1000), NOW);
        await store.pluginRecords.put(record('kept', {}), NOW);
        expect(await store.pluginRecords.deleteExpired(NOW + 9, 100)).toBe(0);
        expect(await store.pluginRecords.deleteExpired(NOW + 10, 3)).toBe(3);
        expect(await store.pluginRecords.deleteExpired(NOW + 10, 3)).toBe(1);
        expect(await store.pluginRecords.deleteExpired(NOW + 10, 3)).toBe(0);
        expect((await store.pluginRecords.list('wecom', 'k', NOW, { limit: 10 })).items.map((r) => r.key)).toEqual(['kept', 'later']);
      });
    });

    describe('butterfly', () => {
      it('keeps the balance exact and never below zero, applying each change once', async () => {
        const change = (amount: number, source: string, reason = 'top_up') => store.butterfly.changeBalance({ contactId: 'c1', amount, reason, source, planId: null }, NOW);
        expect(await change(100, 'e1')).toBe('applied');
        expect(await change(100, 'e1')).toBe('duplicate');
        expect(await change(-150, 'e2', 'spend')).toBe('insufficient');
        expect(await change(-60, 'e3', 'spend')).toBe('applied');
        expect(await store.butterfly.balance('c1')).toBe(40);
        expect(await store.butterfly.balance('nobody')).toBe(0);
      });

      it('keeps referrals, qualifications, redemptions, plans and memberships', async () => {
        await store.contacts.ensure(['alice', 'bob'], NOW);
        await store.butterfly.addReferral({ inviteeId: 'bob', referrerId: 'alice', code: 'A1', eventId: 'e1', at: NOW });
        await store.butterfly.addReferral({ inviteeId: 'bob', referrerId: 'carol', code: 'C1', eventId: 'e2', at: NOW });
        expect(await store.butterfly.referrersOf(['bob', 'alice'])).toEqual(new Map([['bob', 'alice']]));
        expect(await store.butterfly.contactExists('alice')).toBe(true);
        expect(await store.butterfly.contactExists('zed')).toBe(false);
        expect(await store.butterfly.qualify('alice', 'bob', 'order.paid', NOW)).toBe(true);
        expect(await store.butterfly.qualify('alice', 'bob', 'order.paid', NOW)).toBe(false);
        expect(await store.butterfly.qualifiedCount('alice', 'order.paid')).toBe(1);

        const plan = { id: 'gold', name: '金卡', kind: 'card' as const, price: 199, currency: 'CNY', tier: 'gold', durationDays: 365, benefits: ['包邮'], bonus: 0 };
        expect(await store.butterfly.upsertPlan(plan, NOW)).toEqual({ ...plan, archived: false });
        expect(await store.butterfly.upsertPlan({ ...plan, price: 299 }, NOW)).toMatchObject({ price: 299, benefits: ['包邮'] });
        expect(await store.butterfly.plans()).toHaveLength(1);
        await store.butterfly.putMembership({ contactId: 'bob', planId: 'gold', tier: 'gold', at: NOW, expiresAt: NOW + 10 });
        await store.butterfly.putMembership({ contactId: 'bob', planId: 'gold', tier: 'gold', at: NOW, expiresAt: NOW + 20 });
        expect(await store.butterfly.membership('bob', 'gold')).toEqual({ planId: 'gold', tier: 'gold', status: 'active', expiresAt: NOW + 20 });
        await store.butterfly.expireMemberships('bob', null, NOW);
        expect(await store.butterfly.membershipsOf('bob')).toMatchObject([{ status: 'expired' }]);
        await store.butterfly.refuse({ contactId: 'bob', eventId: 'e3', eventType: 'offer.redeemed', reason: 'unknown_code' }, NOW);
        expect(await tableRows(store, 'butterfly_refusals')).toMatchObject([{ contactId: 'bob', reason: 'unknown_code' }]);
        await store.butterfly.putSourceCosts([{ source: 'douyin_live', cost: 1000, currency: 'CNY' }], NOW);
        await store.butterfly.putSourceCosts([{ source: 'douyin_live', cost: 1200, currency: 'CNY' }], NOW);
        expect(await store.butterfly.sourceCosts()).toEqual([{ source: 'douyin_live', cost: 1200, currency: 'CNY' }]);
      });
    });

    describe('butterfly reads of event processing', () => {
      it('finds the thresholds of waiting referral runs, and an offer by its code to redeem once', async () => {
        await liveJourney(store, 'j1');
        const referralRun = (id: string, qualifyEvent: string, threshold: number) => ({ id, qualifyEvent, threshold });
        const waits = [referralRun('run_a', 'order.paid', 3), referralRun('run_b', 'order.paid', 5), referralRun('run_c', 'order.paid', 3), referralRun('run_d', 'page.view', 9)];
        await store.runs.insert(waits.map((w) => ({ id: w.id, journeyId: 'j1', version: 1, contactId: 'alice', nodeId: 'entry', entryEventId: null })), NOW);
        const offer = { kind: 'offer' as const, code: 'OFF-1', offerKind: 'coupon', name: '券', value: 5, currency: 'CNY', expiresAt: NOW + 1000 };
        await store.runs.commit(
          await Promise.all(
            waits.map(async (w) =>
              advance((await store.runs.get(w.id))!, w.id === 'run_a' ? [{ nodeId: 'entry', seq: 1, effect: offer }] : [], {
                status: 'waiting', waitingFor: 'referral.qualified', waitingMatch: { qualifyEvent: w.qualifyEvent, threshold: w.threshold }, parkedAt: NOW, endedAt: null,
              }),
            ),
          ),
          NOW,
        );
        expect((await store.butterfly.waitingThresholds('alice', 'order.paid')).sort()).toEqual([3, 5]);
        expect(await store.butterfly.waitingThresholds('bob', 'order.paid')).toEqual([]);

        const found = (await store.butterfly.offerByCode('OFF-1'))!;
        expect(found).toMatchObject({ contactId: 'alice', expiresAt: NOW + 1000, redeemedAt: null });
        expect(await store.butterfly.offerByCode('NOPE')).toBeUndefined();
        await store.butterfly.redeem(found.id, 'evt_1', NOW + 1);
        await store.butterfly.redeem(found.id, 'evt_2', NOW + 2);
        expect(await store.butterfly.offersOf('alice')).toMatchObject([{ code: 'OFF-1', redeemedAt: NOW + 1 }]);
        const inputs = await store.runs.stepInputs({ contactIds: ['alice'], eventIds: [], sentSince: null, optOutsOf: [] });
        expect(inputs.contacts.get('alice')?.offers).toEqual([{ code: 'OFF-1', journeyId: 'j1', nodeId: 'entry', name: '券', expiresAt: NOW + 1000, redeemed: true }]);
      });
    });

    describe('segments', () => {
      const enrollment = (id: string, segmentId: string, overrides: Partial<SegmentEnrollmentRecord>): SegmentEnrollmentRecord => ({
        id, segmentId, journeyId: 'j1', everyHours: null, status: 'pending', cursor: null, matched: 0, enrolled: 0, skipped: 0,
        nextRunAt: null, error: null, createdAt: NOW, updatedAt: NOW, ...overrides,
      });

      it('keeps segments and their enrolments, and finds the enrolment due', async () => {
        for (const id of ['seg_b', 'seg_a']) await store.segments.create({ id, name: id, match: 'all', rules: [{ kind: 'tag', op: 'has', tag: 'vip' }], createdAt: NOW, updatedAt: NOW });
        const first = await store.segments.list({ limit: 1 });
        expect(first.items.map((x) => x.id)).toEqual(['seg_a']);
        expect((await store.segments.list({ limit: 1, after: first.next! })).items.map((x) => x.id)).toEqual(['seg_b']);
        await store.segments.update('seg_a', { name: 'VIPs', match: 'any', rules: [] }, NOW + 1);
        expect(await store.segments.get('seg_a')).toEqual({ id: 'seg_a', name: 'VIPs', match: 'any', rules: [], createdAt: NOW, updatedAt: NOW + 1 });

        await store.segments.createEnrollment(enrollment('enr_later', 'seg_a', { nextRunAt: NOW + 100, updatedAt: NOW - 2 }));
        await store.segments.createEnrollment(enrollment('enr_now', 'seg_a', { nextRunAt: NOW, updatedAt: NOW - 1 }));
        await store.segments.createEnrollment(enrollment('enr_done', 'seg_b', { status: 'done', updatedAt: NOW - 3 }));
        expect((await store.segments.dueEnrollment(NOW))?.id).toBe('enr_now');
        expect((await store.segments.dueEnrollment(NOW + 100))?.id).toBe('enr_later');
        expect(await store.segments.nextEnrollmentAt()).toBe(NOW);
        await store.segments.updateEnrollment('enr_now', { status: 'running', cursor: 'c9', matched: 3, enrolled: 2, skipped: 1 }, NOW + 5);
        expect((await store.segments.dueEnrollment(NOW))?.id).toBe('enr_now');
        expect(await store.segments.enrollments('seg_a')).toMatchObject([
          { id: 'enr_now', status: 'running', cursor: 'c9', matched: 3, enrolled: 2, skipped: 1, updatedAt: NOW + 5 },
          { id: 'enr_later', status: 'pending' },
        ]);
        expect(await store.segments.nextEnrollmentAt()).toBe(NOW + 100);

        await store.segments.delete('seg_a');
        expect(await store.segments.get('seg_a')).toBeUndefined();
        expect(await store.segments.enrollments('seg_a')).toEqual([]);
        expect(await store.segments.dueEnrollment(NOW + 1000)).toBeUndefined();
      });
    });

    describe('statistics', () => {
      it('counts runs at nodes, conversions and goal reach, and gathers the butterfly facts of a journey', async () => {
        await liveJourney(store, 'j1');
        const acquired = (contactId: string, source: string | null) => ({
          contactId, type: 'contact.acquired', properties: source === null ? {} : { source }, timestamp: NOW, messageId: null,
        });
        const { ids } = await store.events.ingest(
          [acquired('c1', 'douyin_live'), acquired('c2', null), ...['order.paid', 'order.paid', 'page.view'].map((type) => ({ contactId: 'c1', type, properties: {}, timestamp: NOW, messageId: null }))],
          NOW,
        );
        await store.runs.insert(
          [
            { id: 'run_1', journeyId: 'j1', version: 1, contactId: 'c1', nodeId: 'entry', entryEventId: ids[0]! },
            { id: 'run_2', journeyId: 'j1', version: 1, contactId: 'c2', nodeId: 'entry', entryEventId: ids[1]! },
          ],
          NOW,
        );
        const goal = advance((await store.runs.get('run_1'))!, []);
        goal.result.steps = [{ ...goal.result.steps[0]!, nodeId: 'push', nodeType: 'goal' }];
        await store.runs.commit([goal], NOW);
        await store.butterfly.changeBalance({ contactId: 'c1', amount: 30, reason: 'top_up', source: 'evt_t', planId: null }, NOW);
        await store.butterfly.putMembership({ contactId: 'c1', planId: 'gold', tier: 'gold', at: NOW, expiresAt: NOW + 1000 });
        await store.butterfly.addReferral({ inviteeId: 'c2', referrerId: 'c1', code: 'R1', eventId: ids[1]!, at: NOW });

        expect(await store.stats.runsAtNodes('j1')).toEqual(
          expect.arrayContaining([
            { nodeId: 'entry', status: 'completed', count: 1, held: 0 },
            { nodeId: 'entry', status: 'active', count: 1, held: 0 },
          ]),
        );
        expect(await store.stats.conversions('j1', [{ nodeType: 'goal', ports: null }])).toBe(1);
        expect(await store.stats.conversions('j1', [{ nodeType: 'goal', ports: ['formed'] }])).toBe(0);
        expect(await store.stats.conversions('j1', [])).toBe(0);
        expect(await store.stats.goalReach('j1', [{ nodeType: 'goal', ports: ['out'] }])).toEqual([{ journeyId: 'j1', nodeId: 'push', contacts: 1, entered: 2 }]);
        expect(await store.stats.goalReach(null, [{ nodeType: 'goal', ports: null }], { from: NOW, to: NOW + 1 })).toEqual([{ journeyId: 'j1', nodeId: 'push', contacts: 1, entered: 2 }]);
        expect(await store.stats.goalReach(null, [{ nodeType: 'goal', ports: null }], { from: NOW + 1 })).toEqual([]);
        const facts = { redeemed: false, referrer: null, member: false, balance: 0, activity: 0, orders: 0 };
        expect(await store.stats.contactFacts({ journeyId: 'j1', orderEvent: 'order.paid' })).toEqual([
          { ...facts, id: 'c1', source: 'douyin_live', activity: 3, orders: 2, member: true, balance: 30 },
          { ...facts, id: 'c2', source: null, referrer: 'c1' },
        ]);
        expect(await store.stats.contactFacts({ journeyId: null, orderEvent: 'order.paid' })).toHaveLength(2);

        await store.events.ingest([{ contactId: 'c1', type: 'order.paid', properties: {}, timestamp: NOW + 10, messageId: null }], NOW + 10);
        const inRange = (range: { from?: number; to?: number }) => store.stats.contactFacts({ journeyId: null, orderEvent: 'order.paid', range });
        expect((await inRange({ from: NOW, to: NOW + 10 })).map((f) => [f.id, f.orders])).toEqual([['c1', 2], ['c2', 0]]);
        expect((await inRange({ to: NOW + 11 })).map((f) => [f.id, f.orders])).toEqual([['c1', 3], ['c2', 0]]);
        expect(await inRange({ from: NOW + 1 })).toEqual([]);

        const first = await store.contacts.events('c1', { limit: 2 });
        expect(first.items).toEqual([
          { id: ids[0], contactId: 'c1', type: 'contact.acquired', properties: { source: 'douyin_live' }, timestamp: NOW, receivedAt: NOW },
          { id: ids[2], contactId: 'c1', type: 'order.paid', properties: {}, timestamp: NOW, receivedAt: NOW },
        ]);
        const rest = await store.contacts.events('c1', { limit: 10, after: first.next! });
        expect(rest.items.map((e) => [e.type, e.timestamp])).toEqual([['order.paid', NOW], ['page.view', NOW], ['order.paid', NOW + 10]]);
        expect(rest.next).toBeNull();
      });
    });

    describe('runs in flight by version', () => {
      it('counts active and waiting runs per version and node, newest version first, finished runs left out', async () => {
        await liveJourney(store, 'j1');
        await store.runs.insert(
          [
            { id: 'run_1', journeyId: 'j1', version: 1, contactId: 'c1', nodeId: 'entry', entryEventId: null },
            { id: 'run_2', journeyId: 'j1', version: 1, contactId: 'c2', nodeId: 'entry', entryEventId: null },
            { id: 'run_3', journeyId: 'j1', version: 2, contactId: 'c3', nodeId: 'push', entryEventId: null },
            { id: 'run_4', journeyId: 'j1', version: 1, contactId: 'c4', nodeId: 'entry', entryEventId: null },
          ],
          NOW,
        );
        await store.runs.commit([advance((await store.runs.get('run_4'))!, [])], NOW);
        expect((await store.runs.get('run_4'))!.status).toBe('completed');
        expect(await store.stats.openRunsByVersion('j1')).toEqual([
          { version: 2, nodeId: 'push', count: 1 },
          { version: 1, nodeId: 'entry', count: 2 },
        ]);
        expect(await store.stats.openRunsByVersion('j_none')).toEqual([]);
      });
    });

    describe('text order', () => {
      it('compares and sorts text by its bytes, as SQLite does: keyset pages, tags and ids in one order on every store', async () => {
        const ids = ['jrn_a', 'jrn_B', 'jrn__', 'jrn_Z', 'jrn_é'];
        for (const id of ids) await store.journeys.create(journey(id));
        const paged: string[] = [];
        let after: string | undefined;
        do {
          const page = await store.journeys.list({}, { limit: 2, after });
          paged.push(...page.items.map((j) => j.id));
          after = page.next ?? undefined;
        } while (after !== undefined);
        const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
        expect(paged).toEqual([...ids].sort(byBytes).reverse());
        await store.contacts.upsert({ id: 'c1', tags: ['b', 'B', '_', 'a', 'é'] }, NOW);
        expect(await store.contacts.tags('c1')).toEqual(['B', '_', 'a', 'b', 'é']);
      });
    });

    describe('people and keys', () => {
      const user = (id: string, email: string, role: 'admin' | 'viewer' = 'admin') => ({
        id, email, name: id, passwordHash: 'h', role, locale: 'zh-CN', disabledAt: null, createdAt: NOW, updatedAt: NOW,
      });

      it('keeps users unique by email, sessions of enabled users, and unrevoked keys', async () => {
        expect(await store.users.create(user('usr_1', 'a@x.cn'))).toBe(true);
        expect(await store.users.create(user('usr_2', 'a@x.cn'))).toBe(false);
        expect(await store.users.create(user('usr_3', 'b@x.cn', 'viewer'))).toBe(true);
        expect(await store.users.count()).toBe(2);
        expect(await store.users.countOtherEnabledAdmins('usr_1')).toBe(0);
        expect(await store.users.update('usr_3', { role: 'admin', name: undefined }, NOW + 1)).toMatchObject({ role: 'admin', name: 'usr_3', updatedAt: NOW + 1 });
        expect(await store.users.countOtherEnabledAdmins('usr_1')).toBe(1);
        expect((await store.users.list({ role: 'admin' }, { limit: 1 })).items.map((u) => u.id)).toEqual(['usr_3']);

        await store.sessions.create({ tokenHash: 't1', userId: 'usr_1', csrfToken: 'c', createdAt: NOW, expiresAt: NOW + 100 }, NOW);
        expect(await store.sessions.find('t1', NOW)).toMatchObject({ session: { userId: 'usr_1', csrfToken: 'c' }, user: { email: 'a@x.cn' } });
        expect(await store.sessions.find('t1', NOW + 100)).toBeUndefined();
        await store.users.update('usr_1', { disabledAt: NOW }, NOW);
        expect(await store.sessions.find('t1', NOW)).toBeUndefined();
        await store.sessions.deleteOfUser('usr_1');
        expect(await tableRows(store, 'sessions')).toEqual([]);

        const key = { id: 'key_1', name: 'tracker', prefix: 'jk_abc', keyHash: 'kh', scope: 'ingest' as const, createdBy: null, createdAt: NOW, lastUsedAt: null, revokedAt: null };
        await store.apiKeys.create(key);
        await store.apiKeys.touch('key_1', NOW + 5);
        expect(await store.apiKeys.byHash('kh')).toEqual({ ...key, lastUsedAt: NOW + 5 });
        await store.apiKeys.revoke('key_1', NOW + 6);
        expect(await store.apiKeys.byHash('kh')).toBeUndefined();
        expect((await store.apiKeys.list({ limit: 10 })).items).toMatchObject([{ id: 'key_1', revokedAt: NOW + 6 }]);
      });
    });

    describe('workspace settings', () => {
      it('has none until saved, then keeps the last saved whole, with who and when', async () => {
        expect(await store.settings.get()).toBeUndefined();
        const rules = [{ channels: ['sms' as const], max: 2, perHours: 24 }];
        await store.settings.put({ frequencyCap: { rules } }, 'usr_1', NOW);
        expect(await store.settings.get()).toEqual({ settings: { frequencyCap: { rules } }, updatedAt: NOW, updatedBy: 'usr_1' });
        await store.settings.put({ frequencyCap: { rules: [] } }, null, NOW + 1);
        expect(await store.settings.get()).toEqual({ settings: { frequencyCap: { rules: [] } }, updatedAt: NOW + 1, updatedBy: null });
      });
    });

    describe('plugin settings', () => {
      it('sets, replaces and clears a plugin\'s settings, each with who saved it and when, apart from other plugins\'', async () => {
        expect(await store.pluginSettings.list()).toEqual([]);
        await store.pluginSettings.save('sms', [{ name: 'B_KEY', value: 'sealed-1', secret: true }, { name: 'A_SIGN', value: '品牌', secret: false }], 'usr_1', NOW);
        await store.pluginSettings.save('wecom', [{ name: 'WECOM_CORP_ID', value: 'ww1', secret: false }], null, NOW);
        await store.pluginSettings.save('sms', [{ name: 'B_KEY', value: 'sealed-2', secret: true }, { name: 'A_SIGN', value: null, secret: false }, { name: 'GONE', value: null, secret: false }], null, NOW + 1);
        expect(await store.pluginSettings.list('sms')).toEqual([{ plugin: 'sms', name: 'B_KEY', value: 'sealed-2', secret: true, updatedAt: NOW + 1, updatedBy: null }]);
        expect((await store.pluginSettings.list()).map((s) => `${s.plugin}.${s.name}`)).toEqual(['sms.B_KEY', 'wecom.WECOM_CORP_ID']);
        expect(await store.pluginSettings.list('wecom')).toEqual([{ plugin: 'wecom', name: 'WECOM_CORP_ID', value: 'ww1', secret: false, updatedAt: NOW, updatedBy: null }]);
      });

      it('saves nothing of a transaction that fails', async () => {
        const failing = store.transaction(async (tx) => {
          await tx.pluginSettings.save('sms', [{ name: 'A_SIGN', value: '品牌', secret: false }], null, NOW);
          throw new Error('boom');
        });
        await expect(failing).rejects.toThrow('boom');
        expect(await store.pluginSettings.list()).toEqual([]);
      });
    });

    describe('coordination', () => {
      it('gives each new holder of a lease a newer token, and only the newest holds', async () => {
        const first = await store.leases.acquire('leader', NOW);
        expect(await store.leases.holds('leader', first)).toBe(true);
        const second = await store.leases.acquire('leader', NOW);
        expect(second).toBeGreaterThan(first);
        expect(await store.leases.holds('leader', first)).toBe(false);
        expect(await store.transaction((tx) => tx.leases.holds('leader', second))).toBe(true);
        expect(await store.leases.holds('other', second)).toBe(false);
      });

      it('keeps a newer acquire waiting while a transaction that found its token holding is open', async () => {
        const token = await store.leases.acquire('leader', NOW);
        const order: string[] = [];
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        const leader = store.transaction(async (tx) => {
          expect(await tx.leases.holds('leader', token)).toBe(true);
          await held;
          order.push('old holder wrote');
        });
        await new Promise((resolve) => setTimeout(resolve, 30));
        const successor = store.leases.acquire('leader', NOW).then(() => order.push('successor acquired'));
        await new Promise((resolve) => setTimeout(resolve, 30));
        release();
        await Promise.all([leader, successor]);
        expect(order).toEqual(['old holder wrote', 'successor acquired']);
        expect(await store.leases.holds('leader', token)).toBe(false);
      });

      it('counts failed sign-ins in a window and locks a key at the limit', async () => {
        const policy = { maxFailures: 3, windowMs: 1000, lockMs: 5000 };
        await store.loginFailures.fail(['a', 'b'], NOW, policy);
        await store.loginFailures.fail(['a'], NOW + 10, policy);
        const locked = await store.loginFailures.fail(['a'], NOW + 20, policy);
        expect(locked.get('a')).toEqual({ count: 3, firstAt: NOW, lockedUntil: NOW + 5020 });
        expect((await store.loginFailures.get(['b'])).get('b')).toEqual({ count: 1, firstAt: NOW, lockedUntil: 0 });
        const restarted = await store.loginFailures.fail(['b'], NOW + 2000, policy);
        expect(restarted.get('b')).toEqual({ count: 1, firstAt: NOW + 2000, lockedUntil: 0 });
        await store.loginFailures.clear(['a']);
        expect(await store.loginFailures.get(['a', 'c'])).toEqual(new Map());
        await store.loginFailures.hold('b', NOW + 3000, NOW + 9000);
        expect((await store.loginFailures.get(['b'])).get('b')).toEqual({ count: 0, firstAt: NOW + 3000, lockedUntil: NOW + 9000 });
      });
    });

    describe('transactions', () => {
      it('commits everything or nothing, and keeps others out until it ends', async () => {
        await expect(
          store.transaction(async (tx) => {
            await tx.journeys.create(journey('jrn_rolled_back'));
            throw new Error('changed my mind');
          }),
        ).rejects.toThrow('changed my mind');
        expect(await store.journeys.get('jrn_rolled_back')).toBeUndefined();

        const order: string[] = [];
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        const transaction = store.transaction(async (tx) => {
          await tx.journeys.create(journey('jrn_t'));
          order.push('created');
          await held;
          await tx.journeys.update('jrn_t', { name: 'done', graph, settings }, 1, NOW);
          order.push('updated');
        });
        await new Promise((resolve) => setTimeout(resolve, 20));
        // SQLite's reader waits for the commit, PostgreSQL's reads what was committed before: neither sees half of it.
        const outside = store.journeys.get('jrn_t').then((row) => row?.name ?? 'nothing');
        await new Promise((resolve) => setTimeout(resolve, 20));
        release();
        const [, seen] = await Promise.all([transaction, outside]);
        expect(['nothing', 'done']).toContain(seen);
        expect(order).toEqual(['created', 'updated']);
        expect((await store.journeys.get('jrn_t'))?.name).toBe('done');
      });

      it('runs what repositories make atomic on their own inside the transaction open, undone with it', async () => {
        await expect(
          store.transaction(async (tx) => {
            await tx.contacts.upsert({ id: 'c5', name: '李', tags: ['t'] }, NOW);
            expect(await tx.butterfly.changeBalance({ contactId: 'c5', amount: 100, reason: 'top_up', source: 'e1', planId: null }, NOW)).toBe('applied');
            expect(await tx.butterfly.balance('c5')).toBe(100);
            throw new Error('undo');
          }),
        ).rejects.toThrow('undo');
        expect(await store.contacts.get('c5')).toBeUndefined();
        expect(await store.butterfly.balance('c5')).toBe(0);
        expect(await store.contacts.tags('c5')).toEqual([]);
      });

      it('merges contact attributes and adds tags atomically', async () => {
        expect(await store.contacts.upsert({ id: 'c1', name: '王', attributes: { a: 1 }, tags: ['x'] }, NOW)).toEqual({ created: true });
        expect(await store.contacts.upsert({ id: 'c1', attributes: { b: 2 }, tags: ['y', 'x'] }, NOW + 1)).toEqual({ created: false });
        expect(await store.contacts.get('c1')).toEqual({ id: 'c1', name: '王', attributes: { a: 1, b: 2 }, source: null, createdAt: NOW, updatedAt: NOW + 1 });
        expect(await store.contacts.tags('c1')).toEqual(['x', 'y']);
      });

      it('applies traits in order in the caller\'s transaction, and keeps the first entry source', async () => {
        await store.transaction(async (tx) => {
          await tx.events.ingest([{ contactId: 'c1', type: 'identify', properties: {}, timestamp: NOW, messageId: null }], NOW);
          await tx.contacts.applyTraits(
            [
              { contactId: 'c1', traits: { name: '王小明', attributes: { city: '上海' }, identities: { phone: '13800000000', wechatOpenId: 'o1' } } },
              { contactId: 'c1', traits: { attributes: { level: 2 }, identities: { wechatOpenId: 'o2', email: 'w@example.com' } } },
              { contactId: 'new', traits: { name: '新' } },
            ],
            NOW + 1,
          );
        });
        expect(await store.contacts.get('c1')).toMatchObject({ name: '王小明', attributes: { city: '上海', level: 2 }, source: null });
        expect(await store.contacts.identities('c1')).toEqual({ email: 'w@example.com', phone: '13800000000', wechatOpenId: 'o2' });
        expect(await store.contacts.findByIdentity('wechatOpenId', 'o2')).toBe('c1');
        expect(await store.contacts.findByIdentity('wechatOpenId', 'o1')).toBeUndefined();
        expect(await store.contacts.findByIdentity('wechatMiniOpenId', 'o2')).toBeUndefined();
        expect(await store.contacts.get('new')).toMatchObject({ name: '新' });
        await expect(
          store.transaction(async (tx) => {
            await tx.contacts.applyTraits([{ contactId: 'c1', traits: { name: '改' } }], NOW + 2);
            throw new Error('rolled back');
          }),
        ).rejects.toThrow('rolled back');
        expect((await store.contacts.get('c1'))?.name).toBe('王小明');
        await store.contacts.keepFirstSource([{ contactId: 'c1', source: 'douyin_live' }, { contactId: 'c1', source: 'qr_code' }], NOW + 3);
        await store.contacts.keepFirstSource([{ contactId: 'c1', source: 'sem' }], NOW + 4);
        expect((await store.contacts.get('c1'))?.source).toBe('douyin_live');
      });
    });
  });
}
