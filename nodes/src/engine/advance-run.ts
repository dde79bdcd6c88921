import type { ContactSnapshot, EventSnapshot, Outcome, Resume } from '../core/define-executor.ts';
import { portsOf } from '../core/define-node.ts';
import { callChannelOf } from '../core/define-plugin.ts';
import { createExecuteContext } from '../core/execute-context.ts';
import type { CounterIncrement, RunState, StepEffect, StepRecord } from '../core/run-state.ts';
import { GRAPH_LIMITS } from '../core/graph.ts';
import { DEFAULT_WORKSPACE_SETTINGS, type CarrierLimit, type WorkspaceSettings } from '../core/workspace-settings.ts';
import type { CompiledJourney } from './compile-journey.ts';

/**
 * A new run at its entry node, before its first step (`advanceRun` with `{ kind: 'enter' }` takes it).
 *
 * @example
 * ```ts
 * const run = newRun({ id: 'run_1', journeyId: 'j1', version: 3, contactId: 'c1', nodeId: 'entry' });
 * ```
 */
export function newRun(start: Pick<RunState, 'id' | 'journeyId' | 'version' | 'contactId' | 'nodeId'>): RunState {
  return {
    ...start,
    status: 'active',
    wakeAt: null,
    waitingFor: null,
    waitingMatch: null,
    parkedAt: null,
    resumeEventId: null,
    attempts: 0,
    error: null,
    context: {},
    stepSeq: 0,
    endedAt: null,
    holdReason: null,
  };
}

/** Why the engine is advancing a run. */
export type Trigger =
  /** A new run at its entry node. */
  | { kind: 'enter' }
  /** A due run: woken from a timed wait, retrying a failed step or continuing after a yield. */
  | { kind: 'timer' }
  /** An event the run was waiting for. */
  | { kind: 'event'; event: EventSnapshot };

export interface AdvanceInput {
  journey: CompiledJourney;
  run: RunState;
  contact: ContactSnapshot;
  trigger: Trigger;
  /** The event that started the run, for `ctx.event` when nothing newer moved it. */
  entryEvent?: EventSnapshot | undefined;
  /** When the run entered the journey (its creation); `now` when not given. */
  enteredAt?: number | undefined;
  now: number;
  /** The workspace's settings (default: none set). */
  workspace?: WorkspaceSettings | undefined;
  /** The configured carriers' limits (default: none). */
  carrierLimits?: readonly CarrierLimit[] | undefined;
  /** Steps one job may take; a run that needs more is looping without waiting, and fails. */
  maxSteps?: number;
  /** In [0, 1); jitters retry back-off. */
  random?: () => number;
}

export interface AdvanceResult {
  run: RunState;
  /** The contact with this job's tag effects applied. */
  contact: ContactSnapshot;
  steps: StepRecord[];
  effects: StepEffect[];
  counters: CounterIncrement[];
}

/**
 * Default for `AdvanceInput.maxSteps`. Validation refuses every loop that can go round without parking
 * the run, so one job of a valid journey runs each node at most once (and the node it resumes at): a
 * run that takes more steps than the largest graph has nodes is in a loop.
 */
export const MAX_STEPS_PER_JOB = GRAPH_LIMITS.nodes + 1;
/** Attempts of a step when its executor does not say otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 3;

/** Back-off before retry number `attempt` (1-based): exponential from 2 s, capped at 1 h, half of it jittered. */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(2000 * 2 ** (attempt - 1), 3_600_000);
  return Math.round(base / 2 + (base / 2) * random());
}

/**
 * Runs a run until it blocks: instant nodes execute in sequence; a wait parks it, an `exit` node or a
 * port without an edge completes it, a throwing executor schedules a retry (or fails the run after the last
 * attempt). Pure apart from the executors it calls: the caller commits the result in one transaction.
 *
 * @example
 * ```ts
 * const result = await advanceRun({ journey, run, contact, trigger: { kind: 'enter' }, now: clock.now() });
 * result.run.status; // "waiting"
 * ```
 */
export async function advanceRun(input: AdvanceInput): Promise<AdvanceResult> {
  const { journey, now } = input;
  const maxSteps = input.maxSteps ?? MAX_STEPS_PER_JOB;
  const run: RunState = { ...input.run };
  const contact: ContactSnapshot = { ...input.contact, tags: [...input.contact.tags] };
  if (input.contact.messages) contact.messages = [...input.contact.messages];
  const steps: StepRecord[] = [];
  const effects: StepEffect[] = [];
  const counters = new Map<string, CounterIncrement>();
  const count = (nodeId: string, port: string) => {
    const key = `${nodeId}\u0000${port}`;
    const counter = counters.get(key);
    if (counter) counter.count++;
    else counters.set(key, { nodeId, port, count: 1 });
  };
  const done = (): AdvanceResult => ({ run, contact, steps, effects, counters: [...counters.values()] });

  if (input.trigger.kind === 'enter') count(run.nodeId, '');
  const event = input.trigger.kind === 'event' ? input.trigger.event : input.entryEvent;
  let resume: Resume | undefined;
  if (run.parkedAt !== null) resume = input.trigger.kind === 'event' ? { reason: 'event', event: input.trigger.event } : { reason: 'timer' };
  Object.assign(run, { status: 'active', wakeAt: null, waitingFor: null, waitingMatch: null, resumeEventId: null, holdReason: null });

  for (let taken = 0; taken < maxSteps; taken++) {
    const node = journey.nodes.get(run.nodeId);
    const seq = run.stepSeq + 1;
    const attempt = run.attempts + 1;
    const step = (outcome: StepRecord['outcome'], port: string | null = null, error: string | null = null, why: { reason?: string | undefined; detail?: Record<string, unknown> | undefined } = {}) => {
      const { reason, detail } = why;
      steps.push({ nodeId: run.nodeId, nodeType: node?.type ?? '', seq, attempt, startedAt: now, endedAt: now, outcome, port, error, ...(reason ? { reason } : {}), ...(detail ? { detail } : {}) });
      run.stepSeq = seq;
    };

    let outcome: Outcome;
    try {
      if (!node) throw new Error(`Node ${run.nodeId} is not in version ${journey.version} of the journey`);
      if (!node.executor) throw new Error(`No executor is registered for node type "${node.type}"`);
      if (node.configError) throw new Error(node.configError);
      outcome = await node.executor.execute(
        createExecuteContext({
          config: node.config,
          node: { id: node.id, type: node.type, label: node.label },
          contact,
          run: { id: run.id, journeyId: run.journeyId, version: run.version, contactId: run.contactId, context: run.context, enteredAt: input.enteredAt ?? now },
          settings: journey.settings,
          workspace: input.workspace ?? DEFAULT_WORKSPACE_SETTINGS,
          carrierLimits: input.carrierLimits ?? [],
          now,
          attempt,
          // Every failed attempt recorded one step, so the first attempt of this visit was `attempts` steps ago.
          idempotencyKey: `${run.id}:${node.id}:${seq - run.attempts}`,
          ...(resume ? { resume } : {}),
          ...(event ? { event } : {}),
        }),
      );
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      step('error', null, message);
      run.attempts = attempt;
      run.error = message;
      if (attempt >= (node?.executor?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)) {
        Object.assign(run, { status: 'failed', endedAt: now });
      } else {
        Object.assign(run, { status: 'waiting', wakeAt: now + retryDelay(attempt, input.random) });
      }
      return done();
    }

    run.attempts = 0;
    run.error = null;
    for (const made of outcome.effects ?? []) {
      // A plugin node's call goes to its own plugin's channel: stored with the channel's full name.
      const effect = made.kind === 'call' ? { ...made, channel: callChannelOf(node!.type, made) } : made;
      effects.push({ nodeId: run.nodeId, seq, effect });
      if (effect.kind === 'tags') {
        const removed = new Set(effect.remove);
        contact.tags = [...new Set([...contact.tags.filter((t) => !removed.has(t)), ...effect.add])];
      } else if (effect.kind === 'message' && effect.priority !== 'transactional') {
        contact.messages?.push({ journeyId: run.journeyId, channel: effect.channel, at: now });
      }
    }
    if (outcome.type !== 'end' && outcome.context) run.context = { ...run.context, ...outcome.context };

    if (outcome.type === 'wait') {
      step('wait', null, null, { reason: outcome.reason });
      Object.assign(run, {
        status: 'waiting',
        wakeAt: outcome.until,
        waitingFor: outcome.event?.type ?? null,
        waitingMatch: outcome.event?.match ?? null,
        parkedAt: now,
        holdReason: outcome.reason ?? null,
      });
      return done();
    }
    if (outcome.type === 'end') {
      step('end');
      // Reaching the journey's end is completing it; `exited` is only for runs ended early (exit event, operator).
      Object.assign(run, { status: 'completed', parkedAt: null, endedAt: now });
      return done();
    }
    step('next', outcome.port, null, { reason: outcome.reason, detail: outcome.detail });
    count(run.nodeId, outcome.port);
    run.parkedAt = null;
    resume = undefined;
    const target = node!.next.get(outcome.port);
    if (target === undefined) {
      Object.assign(run, { status: 'completed', endedAt: now });
      return done();
    }
    run.nodeId = target;
    count(target, '');
  }
  // A loop that never parks (published before validation refused it, or a node that misstates its
  // waits): failing it stops it for good, where yielding would have run it again and again.
  Object.assign(run, { status: 'failed', endedAt: now, error: `The run took ${maxSteps} steps in a row without waiting: the journey loops` });
  return done();
}

/**
 * Ends a run because the contact emitted the journey's exit event, wherever it waits.
 *
 * @example
 * ```ts
 * const { run, step } = exitRun(waitingRun, 'wait', clock.now());
 * ```
 */
export function exitRun(current: RunState, nodeType: string, now: number): { run: RunState; step: StepRecord } {
  const seq = current.stepSeq + 1;
  return {
    run: {
      ...current,
      status: 'exited',
      stepSeq: seq,
      wakeAt: null,
      waitingFor: null,
      waitingMatch: null,
      parkedAt: null,
      resumeEventId: null,
      endedAt: now,
      holdReason: null,
    },
    step: { nodeId: current.nodeId, nodeType, seq, attempt: 1, startedAt: now, endedAt: now, outcome: 'exit_event', port: null, error: null },
  };
}

/**
 * Ops action on a failed run: back to `active` at the node that failed, attempts reset, due now.
 * A run that failed while parked stays parked, so the retry resumes it.
 */
export function retryFailedRun(current: RunState): RunState {
  return { ...current, status: 'active', attempts: 0, error: null, wakeAt: null, endedAt: null };
}

/**
 * Ops action on a failed run: records a `skipped` step and leaves the node by its first port (the run
 * completes when that port has no edge), due now.
 */
export function skipFailedRun(current: RunState, journey: CompiledJourney, now: number): Pick<AdvanceResult, 'run' | 'steps' | 'counters'> {
  const node = journey.nodes.get(current.nodeId);
  const port = node?.executor && !node.configError ? portsOf(node.executor.spec.ports, node.config)[0] : undefined;
  const target = port === undefined ? undefined : node?.next.get(port);
  const seq = current.stepSeq + 1;
  const base = { ...current, attempts: 0, error: null, wakeAt: null, waitingFor: null, waitingMatch: null, parkedAt: null, resumeEventId: null, holdReason: null, stepSeq: seq };
  const steps: StepRecord[] = [
    { nodeId: current.nodeId, nodeType: node?.type ?? '', seq, attempt: 1, startedAt: now, endedAt: now, outcome: 'skipped', port: port ?? null, error: null },
  ];
  const counters: CounterIncrement[] = port === undefined ? [] : [{ nodeId: current.nodeId, port, count: 1 }];
  if (target === undefined) return { run: { ...base, status: 'completed', endedAt: now }, steps, counters };
  counters.push({ nodeId: target, port: '', count: 1 });
  return { run: { ...base, status: 'active', nodeId: target, endedAt: null }, steps, counters };
}

/**
 * Whether an event's properties have every value a waiting run asked for (`wait_event`'s match): equal
 * values, compared as stored.
 *
 * @example propertiesMatch({ sku: 'tea' }, { sku: 'tea', amount: 3 }) // true
 */
export function propertiesMatch(match: Record<string, unknown> | null, properties: Record<string, unknown>): boolean {
  return match === null || Object.entries(match).every(([key, value]) => properties[key] === value);
}
