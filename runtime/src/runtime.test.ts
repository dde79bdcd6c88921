import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deliveries, journeys, messages, nodeCounters, openStore, runs, steps, type Store } from '@journey/db';
import { eq } from 'drizzle-orm';
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

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'runtime-test-'));
  store = openStore(join(dir, 'journeys.db'));
  clock.t = START;
});
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
  store.close();
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

async function waitFor(condition: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
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
const acquired = (n: number, extra: object = {}) =>
  Array.from({ length: n }, (_, i) => ({ contactId: `c${i}`, type: 'contact.acquired', properties: {}, ...extra }));

describe('runtime on SQLite, end to end', () => {
  it('takes 200 contacts through entry → tag → push → wait 2 s → push, two deliveries each', async () => {
    insertLiveJourney(store, { id: 'j1', graph: welcomeJourney, now: START });
    const rt = start();
    expect(rt.ingestEvents(acquired(200))).toMatchObject({ duplicates: 0 });
    await rt.idle();

    expect(store.db.select().from(messages).all()).toHaveLength(200);
    expect(store.db.select().from(runs).where(eq(runs.status, 'waiting')).all()).toHaveLength(200);

    await advanceClock(2000, rt);

    const all = store.db.select().from(runs).all();
    expect(all).toHaveLength(200);
    expect(all.every((r) => r.status === 'completed' && r.nodeId === 'push2')).toBe(true);
    const sent = store.db.select().from(messages).all();
    expect(sent).toHaveLength(400);
    expect(sent.every((m) => m.status === 'sent' && m.sentAt !== null)).toBe(true);
    for (let i = 0; i < 200; i++) {
      const own = sent.filter((m) => m.contactId === `c${i}`);
      expect(own.map((m) => m.body).sort()).toEqual(['欢迎 c' + i, '第二条'].sort());
    }
    const delivered = store.db.select().from(deliveries).all();
    expect(delivered).toHaveLength(400);
    expect(new Set(delivered.map((d) => d.idempotencyKey)).size).toBe(400);
    expect(store.sqlite.prepare(`SELECT COUNT(*) FROM contact_tags WHERE tag = 'welcomed'`).pluck().get()).toBe(200);
    expect(store.db.select().from(steps).all()).toHaveLength(200 * 6);
    const counters = Object.fromEntries(store.db.select().from(nodeCounters).all().map((c) => [`${c.nodeId}:${c.port}`, c.count]));
    expect(counters).toMatchObject({ 'entry:': 200, 'entry:out': 200, 'wait:': 200, 'wait:out': 200, 'push2:': 200, 'push2:out': 200 });
  });

  it('enrols by source and re-entry rule, and de-duplicates by messageId', async () => {
    insertLiveJourney(store, {
      id: 'j1',
      graph: chainGraph([['entry', 'entry', { sources: ['douyin_live'], reentry: 'once' }], ['g', 'goal']]),
    });
    insertLiveJourney(store, {
      id: 'j2',
      graph: chainGraph([['entry', 'entry', { reentry: 'after_exit' }], ['w', 'wait', { duration: { days: 1 } }]]),
    });
    insertLiveJourney(store, { id: 'j3', graph: chainGraph([['entry', 'entry', { reentry: 'always' }], ['g', 'goal']]) });
    const rt = start();
    const event = { contactId: 'u1', type: 'contact.acquired', properties: { source: 'douyin_live' } };
    rt.ingestEvents([{ ...event, messageId: 'm1' }]);
    expect(rt.ingestEvents([{ ...event, messageId: 'm1' }])).toEqual({ ids: [], duplicates: 1 });
    rt.ingestEvents([event, { ...event, properties: { source: 'sem' } }, { ...event, contactId: 'u2', properties: { source: 'sem' } }]);
    await rt.idle();
    const count = (journeyId: string, contactId: string) =>
      store.db.select().from(runs).all().filter((r) => r.journeyId === journeyId && r.contactId === contactId).length;
    expect([count('j1', 'u1'), count('j1', 'u2')]).toEqual([1, 0]);
    expect([count('j2', 'u1'), count('j2', 'u2')]).toEqual([1, 1]);
    expect([count('j3', 'u1'), count('j3', 'u2')]).toEqual([3, 1]);
    expect(rt.enroll('j3', ['u3', 'u3', 'u4'])).toEqual({ enrolled: 2, skipped: 1 });
    expect(rt.enroll('j1', ['u1', 'u5'])).toEqual({ enrolled: 1, skipped: 1 });
    expect(() => rt.enroll('nope', ['u1'])).toThrow(EnrollmentError);
  });

  it('resumes runs waiting for an event, applies the exit event, and holds a paused journey', async () => {
    insertLiveJourney(store, {
      id: 'j1',
      graph: chainGraph([['entry', 'entry'], ['w', 'wait', { duration: { seconds: 10 } }], ['p', 'content_push', { template: 'x' }]]),
      settings: { exitEvent: 'order.paid' },
    });
    const rt = start();
    rt.ingestEvents(acquired(3));
    await rt.idle();
    rt.ingestEvents([{ contactId: 'c0', type: 'order.paid', properties: {} }]);
    store.db.update(journeys).set({ status: 'paused' }).where(eq(journeys.id, 'j1')).run();
    rt.ingestEvents(acquired(1, { contactId: 'late' }));
    await advanceClock(10_000, rt);
    const byContact = () => Object.fromEntries(store.db.select().from(runs).all().map((r) => [r.contactId, r.status]));
    expect(byContact()).toEqual({ c0: 'exited', c1: 'waiting', c2: 'waiting' });
    expect(store.db.select().from(steps).where(eq(steps.outcome, 'exit_event')).all()).toHaveLength(1);

    store.db.update(journeys).set({ status: 'live' }).where(eq(journeys.id, 'j1')).run();
    rt.kick();
    await rt.idle();
    expect(byContact()).toEqual({ c0: 'exited', c1: 'completed', c2: 'completed' });
  });

  it('applies an exit event to the run its own batch enrolled, before any step ran', async () => {
    insertLiveJourney(store, {
      id: 'j1',
      graph: chainGraph([['entry', 'entry'], ['w', 'wait', { duration: { seconds: 10 } }], ['p', 'content_push', { template: 'x' }]]),
      settings: { exitEvent: 'order.paid' },
    });
    const rt = start();
    rt.ingestEvents([
      ...acquired(2),
      { contactId: 'c0', type: 'page.viewed', properties: {} },
      { contactId: 'c1', type: 'order.paid', properties: {} },
    ]);
    await rt.idle();
    await advanceClock(10_000, rt);
    const byContact = Object.fromEntries(store.db.select().from(runs).all().map((r) => [r.contactId, r.status]));
    expect(byContact).toEqual({ c0: 'completed', c1: 'exited' });
    expect(store.sqlite.prepare('SELECT count(*) FROM events WHERE processed_at IS NULL').pluck().get()).toBe(0);
  });

  it('lets ops retry or skip a failed run', async () => {
    insertLiveJourney(store, {
      id: 'j1',
      graph: chainGraph([['entry', 'entry'], ['p', 'content_push', { template: 'x' }], ['g', 'goal']]),
    });
    const rt = start();
    rt.ingestEvents(acquired(2));
    await rt.idle();
    const ids = store.db.select().from(runs).all().map((r) => r.id);
    store.sqlite.prepare(`UPDATE runs SET status = 'failed', node_id = 'p', error = 'boom', attempts = 3, step_seq = 9`).run();

    expect(rt.retryRun(ids[0]!)).toEqual({ ok: true });
    expect(rt.skipRun(ids[1]!)).toEqual({ ok: true });
    expect(rt.skipRun(ids[1]!)).toEqual({ ok: false, reason: 'not_failed' });
    expect(rt.retryRun('run_missing')).toEqual({ ok: false, reason: 'not_found' });
    await rt.idle();

    const [retried, skipped] = ids.map((id) => store.db.select().from(runs).where(eq(runs.id, id)).get()!);
    expect(retried).toMatchObject({ status: 'completed', nodeId: 'g', error: null, attempts: 0 });
    expect(skipped).toMatchObject({ status: 'completed', nodeId: 'g', error: null });
    const outcomes = (id: string) => store.db.select().from(steps).where(eq(steps.runId, id)).all().filter((s) => s.seq > 9).map((s) => [s.nodeId, s.outcome]);
    expect(outcomes(ids[0]!)).toEqual([['p', 'next'], ['g', 'next']]);
    expect(outcomes(ids[1]!)).toEqual([['p', 'skipped'], ['g', 'next']]);
    expect(store.db.select().from(messages).all()).toHaveLength(3);
  });

  it('retries a failing delivery and marks it failed after the last attempt', async () => {
    insertLiveJourney(store, { id: 'j1', graph: chainGraph([['entry', 'entry'], ['p', 'content_push', { template: 'x' }]]) });
    let calls = 0;
    const rt = start({
      channel: {
        deliver: async () => {
          calls++;
          throw new Error('relay down');
        },
      },
    });
    rt.ingestEvents(acquired(1));
    const status = () => store.db.select().from(messages).get()?.status;
    for (let attempt = 1; attempt <= 5; attempt++) {
      await waitFor(() => calls === attempt);
      clock.t += 3_600_000;
      rt.kick();
    }
    await waitFor(() => status() === 'failed');
    const [message] = store.db.select().from(messages).all();
    expect(message).toMatchObject({ status: 'failed', attempts: 5, error: 'relay down', sentAt: null });
    expect(calls).toBe(5);
  });
});
