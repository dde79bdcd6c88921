/**
 * The persistent state of a run as the engine reads and writes it, and what one advance produces
 * (steps, effects, counters). The store keeps exactly this; the engine is pure over it.
 */
import type { Effect } from './define-executor.ts';
import type { MessagePriority } from './workspace-settings.ts';

export const RUN_STATUSES = ['active', 'waiting', 'completed', 'exited', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** The persistent state of a run (mirrors the `runs` row). */
export interface RunState {
  id: string;
  journeyId: string;
  version: number;
  contactId: string;
  status: RunStatus;
  nodeId: string;
  wakeAt: number | null;
  waitingFor: string | null;
  waitingMatch: Record<string, unknown> | null;
  /** Set while parked by its node's own wait: the next execution of the node is a resume. */
  parkedAt: number | null;
  resumeEventId: string | null;
  attempts: number;
  error: string | null;
  context: Record<string, unknown>;
  stepSeq: number;
  endedAt: number | null;
  /** Why the run is held at its node (a reason code, see `Outcome`); it goes at `wakeAt`. */
  holdReason: string | null;
}

/** One executed step, for the `steps` table. */
export interface StepRecord {
  nodeId: string;
  nodeType: string;
  seq: number;
  attempt: number;
  startedAt: number;
  endedAt: number;
  outcome: 'next' | 'wait' | 'end' | 'error' | 'exit_event' | 'skipped';
  port: string | null;
  error: string | null;
  /** The reason code of a hold (`wait`) or of a skipped action (`next`), when the node gave one. */
  reason?: string;
  /** What the node said about its decision (a condition's deciding rule and values), for the timeline. */
  detail?: Record<string, unknown> | null;
}

/** An effect with the step that produced it; `${runId}:${nodeId}:${seq}` is its idempotency key. */
export interface StepEffect {
  nodeId: string;
  seq: number;
  effect: Effect;
}

/** A `node_counters` increment: port `''` counts entries into the node, any other port exits by it. */
export interface CounterIncrement {
  nodeId: string;
  port: string;
  count: number;
}

/** The effects a step writes to the outbox, to be delivered after it commits: messages and calls. */
export type OutboxEffect = Extract<Effect, { kind: 'message' | 'call' }>;

export function isOutboxEffect(effect: Effect): effect is OutboxEffect {
  return effect.kind === 'message' || effect.kind === 'call';
}

/**
 * The idempotency keys of a run's outbox effects, in order: `<runId>:<nodeId>:<seq>` for the first of a
 * step, then `:1`, `:2`, … for the next ones (messages and calls counted together), the same on every
 * retry of the step.
 *
 * @example
 * ```ts
 * outboxKeys('run_1', effects); // ['run_1:push:3', 'run_1:push:3:1']
 * ```
 */
export function outboxKeys(runId: string, effects: readonly StepEffect[]): Map<StepEffect, string> {
  const keys = new Map<StepEffect, string>();
  const perStep = new Map<string, number>();
  for (const stepEffect of effects) {
    if (!isOutboxEffect(stepEffect.effect)) continue;
    const step = `${stepEffect.nodeId}:${stepEffect.seq}`;
    const n = perStep.get(step) ?? 0;
    perStep.set(step, n + 1);
    keys.set(stepEffect, `${runId}:${step}${n > 0 ? `:${n}` : ''}`);
  }
  return keys;
}

/** An outbox effect as the outbox row keeps it: a call's payload is its body, as JSON (calls, of kind `call`, count toward no cap). */
export function outboxContent(effect: OutboxEffect): { kind: OutboxEffect['kind']; channel: string; title: string; body: string; priority: MessagePriority } {
  return effect.kind === 'message'
    ? { kind: 'message', channel: effect.channel, title: effect.title, body: effect.body, priority: effect.priority ?? 'marketing' }
    : { kind: 'call', channel: effect.channel, title: '', body: JSON.stringify(effect.payload), priority: 'marketing' };
}
