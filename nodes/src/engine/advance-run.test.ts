import { describe, expect, it } from 'vitest';
import { createWebhookExecutor, ExecutorRegistry, builtinExecutors, type ContactSnapshot } from '../server.ts';
import type { RunState } from '../core/run-state.ts';
import { advanceRun, exitRun, MAX_STEPS_PER_JOB, newRun, retryDelay, type Trigger } from './advance-run.ts';
import { compileJourney } from './compile-journey.ts';
import { flakyExecutor } from './engine-fixtures.ts';

const NOW = Date.UTC(2026, 0, 1);
const executors = new ExecutorRegistry([...builtinExecutors, flakyExecutor]);

type NodeDef = [id: string, type: string, config?: Record<string, unknown>];

/** A chain of nodes joined by `out` (or the given port map). */
function journey(nodes: NodeDef[], edges: [string, string, string][] = chain(nodes), settings: unknown = {}) {
  return compileJourney(
    {
      journeyId: 'j1',
      version: 1,
      graph: {
        nodes: nodes.map(([id, type, config]) => ({ id, type, position: { x: 0, y: 0 }, config: config ?? {} })),
        edges: edges.map(([source, sourceHandle, target]) => ({ id: `${source}-${target}`, source, sourceHandle, target })),
      },
      settings,
    },
    executors,
  );
}
function chain(nodes: NodeDef[]): [string, string, string][] {
  return nodes.slice(1).map(([id], i) => [nodes[i]![0], 'out', id]);
}

const runAt = (nodeId = 'entry'): RunState => newRun({ id: 'run_1', journeyId: 'j1', version: 1, contactId: 'c1', nodeId });
const contact: ContactSnapshot = { id: 'c1', name: '小王', attributes: {}, tags: ['lead'] };
const advance = (j: ReturnType<typeof journey>, run: RunState, trigger: Trigger = { kind: 'enter' }, now = NOW) =>
  advanceRun({ journey: j, run, contact, trigger, now, random: () => 0.5 });

const push = (template: string): Record<string, unknown> => ({ template });

describe('advanceRun', () => {
  const waitJourney = journey([
    ['entry', 'entry'],
    ['tag', 'tag', { add: ['vip'], remove: ['lead'] }],
    ['push1', 'content_push', push('hi {{contact.name}}')],
    ['wait', 'wait', { duration: { seconds: 2 } }],
    ['push2', 'content_push', push('again')],
  ]);

  it('runs instant nodes in sequence and parks at a wait', async () => {
    const r = await advance(waitJourney, runAt());
    expect(r.run).toMatchObject({ status: 'waiting', nodeId: 'wait', wakeAt: NOW + 2000, parkedAt: NOW, stepSeq: 4 });
    expect(r.steps.map((s) => [s.nodeId, s.outcome, s.port, s.seq])).toEqual([
      ['entry', 'next', 'out', 1],
      ['tag', 'next', 'out', 2],
      ['push1', 'next', 'out', 3],
      ['wait', 'wait', null, 4],
    ]);
    expect(r.effects).toEqual([
      { nodeId: 'tag', seq: 2, effect: { kind: 'tags', add: ['vip'], remove: ['lead'] } },
      { nodeId: 'push1', seq: 3, effect: { kind: 'message', channel: 'wecom_private', title: '', body: 'hi 小王' } },
    ]);
    expect(r.contact.tags).toEqual(['vip']);
    expect(r.counters).toEqual(
      expect.arrayContaining([
        { nodeId: 'entry', port: '', count: 1 },
        { nodeId: 'entry', port: 'out', count: 1 },
        { nodeId: 'wait', port: '', count: 1 },
      ]),
    );
    expect(r.counters.find((c) => c.nodeId === 'wait' && c.port !== '')).toBeUndefined();
  });

  it('resumes a parked run on its timer and completes at a port without an edge', async () => {
    const parked = (await advance(waitJourney, runAt())).run;
    const r = await advance(waitJourney, parked, { kind: 'timer' }, NOW + 2000);
    expect(r.run).toMatchObject({ status: 'completed', nodeId: 'push2', endedAt: NOW + 2000, parkedAt: null, wakeAt: null, stepSeq: 6 });
    expect(r.steps.map((s) => [s.nodeId, s.outcome])).toEqual([
      ['wait', 'next'],
      ['push2', 'next'],
    ]);
    expect(r.counters).not.toContainEqual(expect.objectContaining({ nodeId: 'wait', port: '' }));
    expect(r.effects).toHaveLength(1);
  });

  it('sees tags added earlier in the same job', async () => {
    const j = journey(
      [
        ['entry', 'entry'],
        ['tag', 'tag', { add: ['vip'] }],
        ['cond', 'condition', { rules: [{ kind: 'tag', tag: 'vip' }] }],
        ['yes', 'goal', { name: 'vip' }],
        ['no', 'exit'],
      ],
      [
        ['entry', 'out', 'tag'],
        ['tag', 'out', 'cond'],
        ['cond', 'yes', 'yes'],
        ['cond', 'no', 'no'],
      ],
    );
    const r = await advance(j, runAt());
    expect(r.steps.map((s) => s.port)).toEqual(['out', 'out', 'yes', 'out']);
    expect(r.run.status).toBe('completed');
  });

  it('completes at an exit node', async () => {
    const r = await advance(journey([['entry', 'entry'], ['x', 'exit']]), runAt());
    expect(r.run).toMatchObject({ status: 'completed', nodeId: 'x', endedAt: NOW });
    expect(r.steps.at(-1)).toMatchObject({ outcome: 'end', nodeType: 'exit' });
  });

  it('retries a throwing step with back-off, then succeeds without counting the entry twice', async () => {
    const j = journey([['entry', 'entry'], ['f', 'flaky', { failures: 1 }]]);
    const first = await advance(j, runAt());
    expect(first.run).toMatchObject({ status: 'waiting', nodeId: 'f', attempts: 1, error: 'boom 1', wakeAt: NOW + retryDelay(1, () => 0.5), parkedAt: null });
    expect(first.steps.at(-1)).toMatchObject({ outcome: 'error', error: 'boom 1', attempt: 1 });
    const second = await advance(j, first.run, { kind: 'timer' }, first.run.wakeAt!);
    expect(second.run).toMatchObject({ status: 'completed', attempts: 0, error: null });
    expect(second.steps).toMatchObject([{ nodeId: 'f', attempt: 2, outcome: 'next' }]);
    expect(second.counters).toEqual([{ nodeId: 'f', port: 'out', count: 1 }]);
  });

  it('fails the run after the last attempt', async () => {
    const j = journey([['entry', 'entry'], ['f', 'flaky', { failures: 5 }]]);
    let r = await advance(j, runAt());
    for (let i = 0; i < 2; i++) r = await advance(j, r.run, { kind: 'timer' }, r.run.wakeAt!);
    expect(r.run).toMatchObject({ status: 'failed', attempts: 3, error: 'boom 3', endedAt: expect.any(Number) });
  });

  it('gives every attempt of a visit the same idempotency key, and a later visit a new one', async () => {
    const keys: string[] = [];
    const hook = createWebhookExecutor(async ({ idempotencyKey }) => {
      keys.push(idempotencyKey);
      if (keys.length === 2) throw new Error('timeout');
    });
    const graph = {
      nodes: [['entry', 'entry'], ['h', 'webhook'], ['w', 'wait']].map(([id, type]) => ({ id: id!, type: type!, position: { x: 0, y: 0 }, config: type === 'webhook' ? { url: 'https://crm.example.com/x' } : {} })),
      edges: [{ id: 'e1', source: 'entry', sourceHandle: 'out', target: 'h' }, { id: 'e2', source: 'h', sourceHandle: 'out', target: 'w' }, { id: 'e3', source: 'w', sourceHandle: 'out', target: 'h' }],
    };
    const j = compileJourney({ journeyId: 'j1', version: 1, graph, settings: {} }, new ExecutorRegistry([...builtinExecutors, hook]));
    let r = await advance(j, runAt());
    for (let i = 0; i < 2; i++) r = await advance(j, r.run, { kind: 'timer' }, r.run.wakeAt!);
    expect(r.steps.map((s) => `${s.nodeId}:${s.seq}:${s.outcome}`)).toEqual(['h:6:next', 'w:7:wait']);
    // First visit: step 2. Back from the wait (step 4), the second visit fails at step 5 and its retry, step 6, keeps key 5.
    expect(keys).toEqual(['run_1:h:2', 'run_1:h:5', 'run_1:h:5']);
  });

  it('fails a step whose config does not parse, naming the field', async () => {
    const r = await advance(journey([['entry', 'entry'], ['p', 'content_push', {}]]), runAt());
    expect(r.run.error).toMatch(/template/);
    expect(r.run.status).toBe('waiting');
  });

  it('fails a step whose message would be too long for its channel, and stores no message', async () => {
    const j = journey([['entry', 'entry'], ['p', 'content_push', { channel: 'sms', template: '{{contact.attributes.note}}' }]]);
    const long = { ...contact, attributes: { note: '长'.repeat(501) } };
    const r = await advanceRun({ journey: j, run: runAt(), contact: long, trigger: { kind: 'enter' }, now: NOW });
    expect(r.effects).toEqual([]);
    expect(r.run).toMatchObject({ status: 'waiting', nodeId: 'p', attempts: 1 });
    expect(r.run.error).toBe('The message is 501 characters long; SMS takes at most 500 characters');
  });

  it('fails a step of an unknown node type', async () => {
    const r = await advance(journey([['entry', 'entry'], ['u', 'mystery']]), runAt());
    expect(r.run.error).toMatch(/mystery/);
  });

  it('fails a run that loops without waiting after maxSteps, saying so', async () => {
    const j = journey(
      [
        ['entry', 'entry'],
        ['a', 'goal'],
        ['b', 'goal'],
      ],
      [
        ['entry', 'out', 'a'],
        ['a', 'out', 'b'],
        ['b', 'out', 'a'],
      ],
    );
    const r = await advanceRun({ journey: j, run: runAt(), contact, trigger: { kind: 'enter' }, now: NOW, maxSteps: 5 });
    expect(r.steps).toHaveLength(5);
    expect(r.run).toMatchObject({ status: 'failed', nodeId: 'a', stepSeq: 5, endedAt: NOW });
    expect(r.run.error).toMatch(/5 steps in a row without waiting: the journey loops/);
    const unbounded = await advanceRun({ journey: j, run: runAt(), contact, trigger: { kind: 'enter' }, now: NOW });
    expect(unbounded.steps).toHaveLength(MAX_STEPS_PER_JOB);
    expect(unbounded.run.status).toBe('failed');
  });

  it('parks with wait(0) so the run is due again at once', async () => {
    const j = journey([['entry', 'entry'], ['w', 'wait'], ['g', 'goal']]);
    const r = await advance(j, runAt());
    expect(r.run).toMatchObject({ status: 'waiting', wakeAt: NOW });
    expect((await advance(j, r.run, { kind: 'timer' })).run.status).toBe('completed');
  });

  it('gives the event that resumes a run to later nodes', async () => {
    const j = journey([
      ['entry', 'entry'],
      ['w', 'wait', { duration: { days: 1 } }],
      ['p', 'content_push', push('{{event.type}}')],
    ]);
    const parked = (await advance(j, runAt())).run;
    const event = { id: 'e2', type: 'message.clicked', properties: {}, timestamp: NOW };
    const r = await advance(j, parked, { kind: 'event', event });
    expect(r.effects[0]?.effect).toMatchObject({ body: 'message.clicked' });
  });

  it('exitRun ends a waiting run with an exit_event step', () => {
    const { run, step } = exitRun({ ...runAt('w'), status: 'waiting', wakeAt: NOW + 5, parkedAt: NOW, stepSeq: 3 }, 'wait', NOW + 1);
    expect(run).toMatchObject({ status: 'exited', wakeAt: null, parkedAt: null, endedAt: NOW + 1, stepSeq: 4 });
    expect(step).toMatchObject({ nodeId: 'w', seq: 4, outcome: 'exit_event' });
  });
});

describe('retryDelay', () => {
  it('doubles per attempt with up to half jitter, capped at an hour', () => {
    expect(retryDelay(1, () => 0)).toBe(1000);
    expect(retryDelay(1, () => 0.999999)).toBeCloseTo(2000, -1);
    expect(retryDelay(3, () => 0)).toBe(4000);
    expect(retryDelay(30, () => 1)).toBe(3_600_000);
  });
});
