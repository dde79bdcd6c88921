/**
 * The persistent state of a run as the engine reads and writes it, and what one advance produces
 * (steps, effects, counters). The store keeps exactly this; the engine is pure over it.
 */
import type { Effect } from './define-executor.ts';

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
