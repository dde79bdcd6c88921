import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type JourneyStatus, type MessageRecord, type RecordedDelivery, type RunRecord, type Store, type StoredStep } from '@journey/db';
import { execute, tableRows } from '@journey/db/testing';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelAdapter } from './channels/channel-adapter.ts';
import { chainGraph, insertLiveJourney } from './queue/journey-fixtures.ts';
import { createRuntime, EnrollmentError } from './runtime.ts';
import type { Runtime } from './runtime-contract.ts';

const START = Date.UTC(2026, 0, 1, 4);
let dir: string;
let store: Store;
let runtime: Runtime | undefined;
const clock = { t: START, now: () => clock.t };

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'runtime-test-'));
  store = await openStore(join(dir, 'journeys.db'));
  clock.t = START;
});
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function start(options: { channel?: ChannelAdapter } = {}): Runtime {
  runtime = createRuntime({ store, clock, logger: pino({ level: 'silent' }), ...options });
  runtime.start();
  return runtime;
}
async function advanceClock(ms: number, rt: Runtime) {
  clock.t += ms;
  rt.kick();
  await rt.idle();
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const welcomeJourney = chainGraph([
  ['entry', 'entry', { event: 'contact.acquired' }],
  ['tag', 'tag', { add: ['welcomed'] }],
  ['push1', 'content_push', { template: '欢迎 {{contact.id}}' }],
  ['wait', 'wait', { duration: { seconds: 2 } }],
  ['push2', 'content_push', { template: '第二条' }],
]);
const runRows = () => tableRows<RunRecord & { stepSeq: number }>(store, 'runs');
const stepRows = () => tableRows<StoredStep>(store, 'steps');
const messageRows = () => tableRows<MessageRecord>(store, 'messages');

/** Moves a journey between live and paused as the API does, at its current revision. */
async function setJourneyStatus(id: string, status: JourneyStatus) {
  const journey = await store.journeys.get(id);
  expect(await store.journeys.setStatus(id, status, journey!.revision, clock.now())).toMatchObject({ status });
}

const acquired = (n: number, extra: object = {}) =>
  Array.from({ length: n }, (_, i) => ({ contactId: `c${i}`, type: 'contact.acquired', properties: {}, ...extra }));

describe('runtime on SQLite, end to end', () => {
  it('takes 200 contacts through entry → tag → push → wait 2 s → push, two deliveries each', async () => {
    await insertLiveJourney(store, { id: 'j1', graph: welcomeJourney, now: START });
    const rt = start();
    expect(await rt.ingestEvents(acquired(200))).toMatchObject({ duplicates: 0 });
    await rt.idle();

    expect(await messageRows()).toHaveLength(200);
    expect((await runRows()).filter((r) => r.status === 'waiting')).toHaveLength(200);

    await advanceClock(2000, rt);

    const all = await runRows();
    expect(all).toHaveLength(200);
    expect(all.every((r) => r.status === 'completed' && r.nodeId === 'push2')).toBe(true);
    const sent = await messageRows();
    expect(sent).toHaveLength(400);
    expect(sent.every((m) => m.status === 'sent' && m.sentAt !== null)).toBe(true);
    for (let i = 0; i < 200; i++) {
      const own = sent.filter((m) => m.contactId === `c${i}`);
      expect(own.map((m) => m.body).sort()).toEqual(['欢迎 c' + i, '第二条'].sort());
    }
    const delivered = await tableRows<RecordedDelivery>(store, 'deliveries');
    expect(delivered).toHaveLength(400);
    expect(new Set(delivered.map((d) => d.idempotencyKey)).size).toBe(400);
    expect((await tableRows<{ tag: string }>(store, 'contact_tags')).filter((t) => t.tag === 'welcomed')).toHaveLength(200);
    expect(await stepRows()).toHaveLength(200 * 6);
    const nodeCounters = await tableRows<{ nodeId: string; port: string; count: number }>(store, 'node_counters');
    const counters = Object.fromEntries(nodeCounters.map((c) => [`${c.nodeId}:${c.port}`, c.count]));
    expect(counters).toMatchObject({ 'entry:': 200, 'entry:out': 200, 'wait:': 200, 'wait:out': 200, 'push2:': 200, 'push2:out': 200 });
  });

  it('enrols by source and re-entry rule, and de-duplicates by messageId', async () => {
    await insertLiveJourney(store, {
      id: 'j1',
      graph: chainGraph([['entry', 'entry', { sources: ['douyin_live'], reentry: 'once' }], ['g', 'goal']]),
    });
    await insertLiveJourney(store, {
      id: 'j2',
      graph: chainGraph([['entry', 'entry', { reentry: 'after_exit' }], ['w', 'wait', { duration: { days: 1 } }]]),
    });
    await insertLiveJourney(store, { id: 'j3', graph: chainGraph([['entry', 'entry', { reentry: 'always' }], ['g', 'goal']]) });
    const rt = start();
    const event = { contactId: 'u1', type: 'contact.acquired', properties: { source: 'douyin_live' } };
    await rt.ingestEvents([{ ...event, messageId: 'm1' }]);
    expect(await rt.ingestEvents([{ ...event, messageId: 'm1' }])).toEqual({ ids: [], duplicates: 1 });
    await rt.ingestEvents([event, { ...event, properties: { source: 'sem' } }, { ...event, contactId: 'u2', properties: { source: 'sem' } }]);
    await rt.idle();
    const rows = await runRows();
    const count = (journeyId: string, contactId: string) => rows.filter((r) => r.journeyId === journeyId && r.contactId === contactId).length;
    expect([count('j1', 'u1'), count('j1', 'u2')]).toEqual([1, 0]);
    expect([count('j2', 'u1'), count('j2', 'u2')]).toEqual([1, 1]);
    expect([count('j3', 'u1'), count('j3', 'u2')]).toEqual([3, 1]);
    expect(await rt.enroll('j3', ['u3', 'u3', 'u4'])).toEqual({ enrolled: 2, skipped: 1 });
    expect(await rt.enroll('j1', ['u1', 'u5'])).toEqual({ enrolled: 1, skipped: 1 });
    await expect(rt.enroll('nope', ['u1'])).rejects.toThrow(EnrollmentError);
  });

  it('resumes runs waiting for an event, applies the exit event, and holds a paused journey', async () => {
    await insertLiveJourney(store, {
      id: 'j1',
      graph: chainGraph([['entry', 'entry'], ['w', 'wait', { duration: { seconds: 10 } }], ['p', 'content_push', { template: 'x' }]]),
      settings: { exitEvent: 'order.paid' },
    });
    const rt = start();
    await rt.ingestEvents(acquired(3));
    await rt.idle();
    await rt.ingestEvents([{ contactId: 'c0', type: 'order.paid', properties: {} }]);
    await setJourneyStatus('j1', 'paused');
    await rt.ingestEvents(acquired(1, { contactId: 'late' }));
    await advanceClock(10_000, rt);
    const byContact = async () => Object.fromEntries((await runRows()).map((r) => [r.contactId, r.status]));
    // The contact who arrived while paused is queued at the entry: enrolled, not yet started.
    expect(await byContact()).toEqual({ c0: 'exited', c1: 'waiting', c2: 'waiting', late: 'active' });
    expect((await stepRows()).filter((s) => s.outcome === 'exit_event')).toHaveLength(1);

    await setJourneyStatus('j1', 'live');
    rt.kick();
    await rt.idle();
    expect(await byContact()).toEqual({ c0: 'exited', c1: 'completed', c2: 'completed', late: 'waiting' });
  });

  it('applies an exit event to the run its own batch enrolled, before any step ran', async () => {
    await insertLiveJourney(store, {
      id: 'j1',
      graph: chainGraph([['entry', 'entry'], ['w', 'wait', { duration: { seconds: 10 } }], ['p', 'content_push', { template: 'x' }]]),
      settings: { exitEvent: 'order.paid' },
    });
    const rt = start();
    await rt.ingestEvents([
      ...acquired(2),
      { contactId: 'c0', type: 'page.viewed', properties: {} },
      { contactId: 'c1', type: 'order.paid', properties: {} },
    ]);
    await rt.idle();
    await advanceClock(10_000, rt);
    const byContact = Object.fromEntries((await runRows()).map((r) => [r.contactId, r.status]));
    expect(byContact).toEqual({ c0: 'completed', c1: 'exited' });
    expect((await tableRows<{ processedAt: number | null }>(store, 'events')).filter((e) => e.processedAt === null)).toHaveLength(0);
  });

  it('lets ops retry or skip a failed run', async () => {
    await insertLiveJourney(store, {
      id: 'j1',
      graph: chainGraph([['entry', 'entry'], ['p', 'content_push', { template: 'x' }], ['g', 'goal']]),
    });
    const rt = start();
    await rt.ingestEvents(acquired(2));
    await rt.idle();
    const ids = (await runRows()).map((r) => r.id);
    await execute(store, `UPDATE runs SET status = 'failed', node_id = 'p', error = 'boom', attempts = 3, step_seq = 9`);

    expect(await rt.retryRun(ids[0]!)).toEqual({ ok: true });
    expect(await rt.skipRun(ids[1]!)).toEqual({ ok: true });
    expect(await rt.skipRun(ids[1]!)).toEqual({ ok: false, reason: 'not_failed' });
    expect(await rt.retryRun('run_missing')).toEqual({ ok: false, reason: 'not_found' });
    await rt.idle();

    const [retried, skipped] = await Promise.all(ids.map(async (id) => (await store.runs.record(id))!));
    expect(retried).toMatchObject({ status: 'completed', nodeId: 'g', error: null, attempts: 0 });
    expect(skipped).toMatchObject({ status: 'completed', nodeId: 'g', error: null });
    const steps = await stepRows();
    const outcomes = (id: string) => steps.filter((s) => s.runId === id && s.seq > 9).map((s) => [s.nodeId, s.outcome]);
    expect(outcomes(ids[0]!)).toEqual([['p', 'next'], ['g', 'next']]);
    expect(outcomes(ids[1]!)).toEqual([['p', 'skipped'], ['g', 'next']]);
    expect(await messageRows()).toHaveLength(3);
  });

  it('retries a failing delivery and marks it failed after the last attempt', async () => {
    await insertLiveJourney(store, { id: 'j1', graph: chainGraph([['entry', 'entry'], ['p', 'content_push', { template: 'x' }]]) });
    let calls = 0;
    const rt = start({
      channel: {
        honoursIdempotencyKey: true,
        deliver: async () => {
          calls++;
          throw new Error('relay down');
        },
      },
    });
    await rt.ingestEvents(acquired(1));
    const status = async () => (await messageRows())[0]?.status;
    for (let attempt = 1; attempt <= 5; attempt++) {
      await waitFor(() => calls === attempt);
      clock.t += 3_600_000;
      rt.kick();
    }
    await waitFor(async () => (await status()) === 'failed');
    const [message] = await messageRows();
    expect(message).toMatchObject({ status: 'failed', attempts: 5, error: 'relay down', sentAt: null });
    expect(calls).toBe(5);
  });
});
