import type { Store, StoreKind } from '../../db/src/index.ts';
import { execute } from '../../db/src/testing.ts';
import {
  builtinSpecs,
  journeyGraphSchema,
  journeySettingsSchema,
  NodeRegistry,
  type JourneyGraphInput,
  type JourneySettingsInput,
} from '../../nodes/src/index.ts';
import { advanceRun } from '../../nodes/src/engine.ts';
import { ExecutorRegistry } from '../../nodes/src/server.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JourneyCache } from '../../runtime/src/queue/journey-cache.ts';
import { chainGraph } from '../../runtime/src/queue/journey-fixtures.ts';
import type { Clock, Runtime } from '../../runtime/src/runtime-contract.ts';
import { testStores } from '../support/test-stores.ts';
import { createJourney, moveJourney, publishJourney, updateJourney } from '../../runtime/src/services/journeys.ts';

/**
 * A queue driver under test: builds a runtime on the store and clock it is given (not yet started).
 * `dispose` runs after each case, once the runtime is stopped (flush a Redis prefix, …).
 */
export interface RuntimeDriverFactory {
  name: string;
  /** The store the suite runs on (default SQLite). */
  store?: StoreKind;
  create(store: Store, clock: Clock): Runtime | Promise<Runtime>;
  dispose?(): Promise<void>;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** 2026-01-01 12:00 in Shanghai, the journeys' default time zone. */
const START = Date.parse('2026-01-01T12:00:00+08:00');
const registry = new NodeRegistry(builtinSpecs);

interface RunRow {
  id: string;
  journeyId: string;
  version: number;
  status: string;
  nodeId: string;
  wakeAt: number | null;
  waitingFor: string | null;
  attempts: number;
  error: string | null;
}
interface StepRow {
  nodeId: string;
  outcome: string;
  port: string | null;
  attempt: number;
}

/**
 * SPEC §4 as one suite every queue driver must pass: waits, wait_event, exit events, retries and
 * failures, ops retry/skip, pause/resume, versions, quiet hours, frequency caps, re-entry and
 * duplicates. Time is a fake clock the suite moves; nothing sleeps.
 *
 * @example
 * ```ts
 * runtimeBehaviourSuite({ name: 'embedded', create: (store, clock) => createRuntime({ store, clock }) });
 * ```
 */
export function runtimeBehaviourSuite(factory: RuntimeDriverFactory): void {
  describe(`runtime behaviour on the ${factory.name} driver`, () => {
    const stores = testStores(factory.store ?? 'sqlite');
    let store: Store;
    let runtime: Runtime;
    const clock = { t: START, now: () => clock.t };

    beforeEach(async () => {
      clock.t = START;
      ({ store } = await stores.open());
      runtime = await factory.create(store, clock);
      runtime.start();
    });
    afterEach(async () => {
      await runtime.stop();
      await factory.dispose?.();
      await stores.close(store);
    });

    const settle = async () => {
      runtime.kick();
      await runtime.idle();
    };
    const advance = async (ms: number) => {
      clock.t += ms;
      await settle();
    };
    const publish = async (graph: JourneyGraphInput, settings: JourneySettingsInput = {}) => {
      const draft = { name: 'behaviour', graph: journeyGraphSchema.parse(graph), settings: journeySettingsSchema.parse(settings) };
      const { id } = await createJourney(store, draft, clock.now());
      await publishJourney(store, registry, id, { by: null }, clock.now());
      runtime.kick();
      return id;
    };
    const send = async (contactId: string, type: string, properties: Record<string, unknown> = {}, messageId?: string) => {
      await runtime.ingestEvents([{ contactId, type, properties, ...(messageId ? { messageId } : {}) }]);
      await settle();
    };
    const acquire = (contactId: string) => send(contactId, 'contact.acquired', { source: 'qr_code' });
    /** Rows of a query, keys camelCased (`node_id` comes back as `nodeId`). */
    const rows = async <T>(sql: string, ...params: unknown[]) => (await execute(store, sql, params)) as T[];
    const runsOf = (contactId: string) =>
      rows<RunRow>('SELECT id, journey_id, version, status, node_id, wake_at, waiting_for, attempts, error FROM runs WHERE contact_id = ? ORDER BY id', contactId);
    const runOf = async (contactId: string) => {
      const [run, ...more] = await runsOf(contactId);
      expect(more).toHaveLength(0);
      return run!;
    };
    const stepsOf = (runId: string) => rows<StepRow>('SELECT node_id, outcome, port, attempt FROM steps WHERE run_id = ? ORDER BY seq', runId);
    const trail = async (runId: string) => (await stepsOf(runId)).map((s) => `${s.nodeId}:${s.outcome}${s.port ? `:${s.port}` : ''}`);
    const bodiesTo = async (contactId: string) =>
      (await rows<{ body: string }>('SELECT body FROM messages WHERE contact_id = ? ORDER BY created_at, id', contactId)).map((m) => m.body);
    const deliveryCount = async () => Number((await rows<{ n: number | string }>('SELECT count(*) AS n FROM deliveries'))[0]!.n);

    it('waits a duration, then continues; every message is delivered once', async () => {
      await publish(chainGraph([['entry', 'entry'], ['p1', 'content_push', { template: 'hi' }], ['w', 'wait', { duration: { hours: 1 } }], ['p2', 'content_push', { template: 'again' }]]));
      await acquire('c1');
      expect(await runOf('c1')).toMatchObject({ status: 'waiting', nodeId: 'w', wakeAt: START + HOUR });
      await advance(HOUR - 1);
      expect((await runOf('c1')).status).toBe('waiting');
      await advance(1);
      expect(await runOf('c1')).toMatchObject({ status: 'completed', nodeId: 'p2' });
      expect(await bodiesTo('c1')).toEqual(['hi', 'again']);
      expect(await deliveryCount()).toBe(2);
    });

    it('waits until a time of day in the journey time zone', async () => {
      await publish(chainGraph([['entry', 'entry'], ['w', 'wait', { mode: 'time_of_day', timeOfDay: '09:00' }], ['g', 'goal']]), { timezone: 'America/New_York' });
      await acquire('c1');
      // 12:00 in Shanghai is 23:00 the evening before in New York.
      expect((await runOf('c1')).wakeAt).toBe(Date.parse('2026-01-01T09:00:00-05:00'));
      await advance(Date.parse('2026-01-01T09:00:00-05:00') - clock.t);
      expect((await runOf('c1')).status).toBe('completed');
    });

    it('resumes wait_event by a matching event, or by its timeout', async () => {
      await publish({
        nodes: [
          { id: 'entry', type: 'entry', position: { x: 0, y: 0 }, config: {} },
          { id: 'we', type: 'wait_event', position: { x: 0, y: 0 }, config: { event: 'order.paid', match: { sku: 'A' }, timeout: { hours: 2 } } },
          { id: 'paid', type: 'tag', position: { x: 0, y: 0 }, config: { add: ['buyer'] } },
          { id: 'lapsed', type: 'tag', position: { x: 0, y: 0 }, config: { add: ['lapsed'] } },
        ],
        edges: [
          { id: 'e1', source: 'entry', sourceHandle: 'out', target: 'we' },
          { id: 'e2', source: 'we', sourceHandle: 'matched', target: 'paid' },
          { id: 'e3', source: 'we', sourceHandle: 'timeout', target: 'lapsed' },
        ],
      });
      await acquire('c1');
      await acquire('c2');
      expect(await runOf('c1')).toMatchObject({ status: 'waiting', waitingFor: 'order.paid', wakeAt: START + 2 * HOUR });
      await send('c1', 'order.paid', { sku: 'B' });
      expect((await runOf('c1')).status).toBe('waiting');
      await send('c1', 'order.paid', { sku: 'A' });
      expect((await runOf('c1')).status).toBe('completed');
      expect(await trail((await runOf('c1')).id)).toEqual(['entry:next:out', 'we:wait', 'we:next:matched', 'paid:next:out']);
      await advance(2 * HOUR);
      expect(await trail((await runOf('c2')).id)).toEqual(['entry:next:out', 'we:wait', 'we:next:timeout', 'lapsed:next:out']);
      expect(await trail((await runOf('c1')).id)).toHaveLength(4);
    });

    it('lets exactly one of the event and the timeout resume wait_event when both arrive together', async () => {
      await publish(chainGraph([['entry', 'entry'], ['we', 'wait_event', { event: 'order.paid', timeout: { hours: 1 } }, 'matched'], ['g', 'goal']]));
      for (const c of ['c1', 'c2', 'c3', 'c4']) await acquire(c);
      clock.t += HOUR;
      await runtime.ingestEvents(['c1', 'c2', 'c3', 'c4'].map((contactId) => ({ contactId, type: 'order.paid', properties: {} })));
      await settle();
      for (const c of ['c1', 'c2', 'c3', 'c4']) {
        const left = (await stepsOf((await runOf(c)).id)).filter((s) => s.nodeId === 'we' && s.outcome === 'next');
        expect(left).toHaveLength(1);
        expect(['matched', 'timeout']).toContain(left[0]!.port);
      }
    });

    it('hands events that arrive while a run is moving to it once it waits: an awaited one resumes it, an exit event ends it', async () => {
      await publish(chainGraph([['entry', 'entry'], ['we', 'wait_event', { event: 'order.paid', timeout: { days: 1 } }, 'matched'], ['g', 'goal']]), { exitEvent: 'unsubscribed' });
      // Each pair arrives together: the second event is processed while the run the first started has not yet reached its wait.
      await runtime.ingestEvents([
        { contactId: 'c1', type: 'contact.acquired', properties: { source: 'qr_code' } },
        { contactId: 'c1', type: 'order.paid', properties: {} },
        { contactId: 'c2', type: 'contact.acquired', properties: { source: 'qr_code' } },
        { contactId: 'c2', type: 'unsubscribed', properties: {} },
      ]);
      await settle();
      expect(await trail((await runOf('c1')).id)).toEqual(['entry:next:out', 'we:wait', 'we:next:matched', 'g:next:out']);
      expect(await runOf('c2')).toMatchObject({ status: 'exited' });
      // An event from before the run reached its wait does not count: c3 paid while it waited a day first.
      await publish(chainGraph([['entry', 'entry', { event: 'lead.created' }], ['w', 'wait', { duration: { days: 1 } }], ['we', 'wait_event', { event: 'order.paid', timeout: { days: 1 } }, 'matched'], ['g', 'goal']]));
      await send('c3', 'lead.created');
      await send('c3', 'order.paid');
      await advance(24 * HOUR);
      expect(await runOf('c3')).toMatchObject({ status: 'waiting', nodeId: 'we' });
    });

    it('exits a waiting contact who emits the exit event, with the step recorded', async () => {
      await publish(chainGraph([['entry', 'entry'], ['w', 'wait', { duration: { days: 1 } }], ['p', 'content_push', { template: 'late' }]]), { exitEvent: 'order.paid' });
      await acquire('c1');
      await send('c1', 'order.paid');
      expect(await runOf('c1')).toMatchObject({ status: 'exited', nodeId: 'w', wakeAt: null });
      expect(await trail((await runOf('c1')).id)).toEqual(['entry:next:out', 'w:wait', 'w:exit_event']);
      await advance(2 * 24 * HOUR);
      expect(await bodiesTo('c1')).toEqual([]);
    });

    it('retries a failing step with growing back-off, then fails the run with its error', async () => {
      await publish(chainGraph([['entry', 'entry'], ['hook', 'webhook', { url: 'http://127.0.0.1:9/crm' }], ['g', 'goal']]));
      await acquire('c1');
      const delays: number[] = [];
      for (let attempt = 1; attempt < 5; attempt++) {
        const run = await runOf('c1');
        expect(run).toMatchObject({ status: 'waiting', attempts: attempt, nodeId: 'hook' });
        delays.push(run.wakeAt! - clock.t);
        await advance(run.wakeAt! - clock.t);
      }
      // Exponential from 2 s with up to half of each delay jittered away.
      delays.forEach((delay, i) => {
        expect(delay).toBeGreaterThanOrEqual(1000 * 2 ** i);
        expect(delay).toBeLessThanOrEqual(2000 * 2 ** i);
      });
      expect(await runOf('c1')).toMatchObject({ status: 'failed', attempts: 5, error: expect.stringContaining('private or local address') });
      expect((await stepsOf((await runOf('c1')).id)).filter((s) => s.outcome === 'error').map((s) => s.attempt)).toEqual([1, 2, 3, 4, 5]);
    });

    it('retries and skips failed runs on request', async () => {
      await publish(chainGraph([['entry', 'entry'], ['hook', 'webhook', { url: 'http://10.0.0.1/crm' }], ['p', 'content_push', { template: 'after' }]]));
      await acquire('c1');
      await acquire('c2');
      for (let i = 0; i < 5; i++) await advance(HOUR);
      expect([(await runOf('c1')).status, (await runOf('c2')).status]).toEqual(['failed', 'failed']);
      expect(await runtime.retryRun((await runOf('c1')).id)).toEqual({ ok: true });
      await settle();
      expect(await runOf('c1')).toMatchObject({ status: 'waiting', attempts: 1, nodeId: 'hook' });
      expect(await runtime.skipRun((await runOf('c2')).id)).toEqual({ ok: true });
      await settle();
      expect(await runOf('c2')).toMatchObject({ status: 'completed', nodeId: 'p' });
      expect(await bodiesTo('c2')).toEqual(['after']);
      expect(await runtime.skipRun((await runOf('c2')).id)).toEqual({ ok: false, reason: 'not_failed' });
      expect(await runtime.retryRun('run_missing')).toEqual({ ok: false, reason: 'not_found' });
    });

    it('holds waiting runs and new entries while paused; resume releases due runs at once', async () => {
      const id = await publish(chainGraph([['entry', 'entry'], ['w', 'wait', { duration: { hours: 1 } }], ['p', 'content_push', { template: 'x' }]]));
      await acquire('c1');
      await moveJourney(store, id, 'paused', clock.now());
      await advance(2 * HOUR);
      await acquire('c2');
      expect((await runOf('c1')).status).toBe('waiting');
      // A pause queues new entries by default: c2 waits at the entry without a step, and enters on resume.
      expect(await runsOf('c2')).toMatchObject([{ status: 'active', nodeId: 'entry' }]);
      await moveJourney(store, id, 'live', clock.now());
      await settle();
      expect((await runOf('c1')).status).toBe('completed');
      expect(await bodiesTo('c1')).toEqual(['x']);
      expect((await runOf('c2')).status).toBe('waiting');
    });

    it('keeps runs on the version they entered when v2 is published', async () => {
      const graph = (text: string) => chainGraph([['entry', 'entry'], ['w', 'wait', { duration: { hours: 1 } }], ['p', 'content_push', { template: text }]]);
      const id = await publish(graph('v1'));
      await acquire('c1');
      await updateJourney(store, id, { name: 'behaviour', graph: journeyGraphSchema.parse(graph('v2')), settings: journeySettingsSchema.parse({}) }, clock.now());
      expect(await publishJourney(store, registry, id, { by: null }, clock.now())).toEqual({ version: 2 });
      await acquire('c2');
      await advance(HOUR);
      expect([(await runOf('c1')).version, (await runOf('c2')).version]).toEqual([1, 2]);
      expect([await bodiesTo('c1'), await bodiesTo('c2')]).toEqual([['v1'], ['v2']]);
    });

    it('delays a message in quiet hours to their end, never dropping it', async () => {
      await publish(chainGraph([['entry', 'entry'], ['p', 'content_push', { template: 'morning' }]]), { quietHours: { start: '22:00', end: '08:00' } });
      clock.t = Date.parse('2026-01-01T23:00:00+08:00');
      await acquire('c1');
      expect(await runOf('c1')).toMatchObject({ status: 'waiting', nodeId: 'p', wakeAt: Date.parse('2026-01-02T08:00:00+08:00') });
      expect(await bodiesTo('c1')).toEqual([]);
      await advance(Date.parse('2026-01-02T08:00:00+08:00') - clock.t);
      expect((await runOf('c1')).status).toBe('completed');
      expect(await rows('SELECT body, created_at FROM messages')).toEqual([{ body: 'morning', createdAt: Date.parse('2026-01-02T08:00:00+08:00') }]);
    });

    it('delays a message over the frequency cap until the window allows it', async () => {
      await publish(
        chainGraph([['entry', 'entry'], ['p1', 'content_push', { channel: 'sms', template: 'one' }], ['p2', 'content_push', { channel: 'sms', template: 'two' }], ['p3', 'content_push', { channel: 'email', template: 'mail' }]]),
        { frequencyCap: { max: 1, perHours: 24, channels: ['sms'] } },
      );
      await acquire('c1');
      expect(await runOf('c1')).toMatchObject({ status: 'waiting', nodeId: 'p2', wakeAt: START + 24 * HOUR });
      expect(await bodiesTo('c1')).toEqual(['one']);
      await advance(24 * HOUR - 1);
      expect(await bodiesTo('c1')).toEqual(['one']);
      await advance(1);
      expect((await runOf('c1')).status).toBe('completed');
      expect(await bodiesTo('c1')).toEqual(['one', 'two', 'mail']);
    });

    it('holds a message over the workspace cap across journeys to the window’s end, passes transactional ones and skips opted-out contacts', async () => {
      await store.settings.put({ frequencyCap: { rules: [{ channels: ['sms'], max: 2, perHours: 24 }] } }, null, clock.now());
      runtime.workspaceSettings.invalidate();
      const push = (template: string, priority = 'marketing') => chainGraph([['entry', 'entry'], ['p', 'content_push', { channel: 'sms', template, priority }]]);
      for (const template of ['a', 'b', 'c']) await publish(push(template));
      await publish(push('code', 'transactional'));
      await send('c2', 'contact.unsubscribed', { channel: 'sms', source: 'sms_reply' });
      await acquire('c1');
      await acquire('c2');
      expect((await bodiesTo('c1')).sort()).toHaveLength(3);
      expect(await bodiesTo('c1')).toContain('code');
      const held = (await runsOf('c1')).filter((r) => r.status === 'waiting');
      expect(held).toEqual([expect.objectContaining({ nodeId: 'p', wakeAt: START + 24 * HOUR })]);
      expect(await rows('SELECT hold_reason FROM runs WHERE id = ?', held[0]!.id)).toEqual([{ holdReason: 'frequency_cap.workspace' }]);
      await advance(24 * HOUR);
      expect((await bodiesTo('c1')).sort()).toEqual(['a', 'b', 'c', 'code']);
      expect((await runsOf('c1')).map((r) => r.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
      expect(await bodiesTo('c2')).toEqual(['code']);
      expect(await rows("SELECT reason FROM steps WHERE contact_id = ? AND reason IS NOT NULL", 'c2')).toEqual([
        { reason: 'consent.opted_out' },
        { reason: 'consent.opted_out' },
        { reason: 'consent.opted_out' },
      ]);
    });

    it('enrols again as each re-entry mode allows', async () => {
      const ids: (readonly [string, string])[] = [];
      for (const reentry of ['once', 'after_exit', 'always']) ids.push([reentry, await publish(chainGraph([['entry', 'entry', { reentry }], ['w', 'wait', { duration: { hours: 1 } }]]))]);
      // Twice while the first run waits, once after it completed.
      await acquire('c1');
      await acquire('c1');
      await advance(HOUR);
      await acquire('c1');
      const runs = await runsOf('c1');
      expect(Object.fromEntries(ids.map(([reentry, id]) => [reentry, runs.filter((r) => r.journeyId === id).length]))).toEqual({ once: 1, after_exit: 2, always: 3 });
    });

    it('treats a re-delivered event (same messageId) as one', async () => {
      await publish(chainGraph([['entry', 'entry', { reentry: 'always' }], ['p', 'content_push', { template: 'hi' }]]));
      await send('c1', 'contact.acquired', {}, 'm-1');
      await send('c1', 'contact.acquired', {}, 'm-1');
      expect(await runsOf('c1')).toHaveLength(1);
      expect(await bodiesTo('c1')).toEqual(['hi']);
    });

    it('applies a re-delivered job (a second worker with the same run state) at most once', async () => {
      await publish(chainGraph([['entry', 'entry'], ['w', 'wait', { duration: { hours: 1 } }], ['p', 'content_push', { template: 'once' }]]));
      await acquire('c1');
      const stale = (await store.runs.get((await runOf('c1')).id))!;
      await advance(HOUR);
      // What a second worker holding the run as it was before the wait would commit: the step after it, with its message.
      const journey = await new JourneyCache(store, new ExecutorRegistry()).get(stale.journeyId, stale.version);
      const replay = await advanceRun({ journey, run: stale, contact: { id: 'c1', name: null, attributes: {}, tags: [] }, trigger: { kind: 'timer' }, now: clock.now() });
      expect(replay.effects.map((e) => e.effect.kind)).toContain('message');
      const again = await store.runs.commit([{ before: stale, result: replay }], clock.now());
      expect(again).toEqual({ applied: 0, messages: 0 });
      await settle();
      expect(await bodiesTo('c1')).toEqual(['once']);
      expect(await deliveryCount()).toBe(1);
      expect(await trail((await runOf('c1')).id)).toEqual(['entry:next:out', 'w:wait', 'w:next:out', 'p:next:out']);
    });
  });
}
