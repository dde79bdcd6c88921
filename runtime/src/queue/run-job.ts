import type { RunJobSource } from '@journey/db';

/** A BullMQ job for a run: the data only names the run, the database holds its state. */
export interface RunJob {
  name: 'run';
  data: { runId: string };
  opts: typeof JOB_OPTIONS & { jobId: string; delay: number };
}

/** Finished jobs leave Redis at once, so their ids can be used again; the database keeps the history. */
const JOB_OPTIONS = { removeOnComplete: true, removeOnFail: true, attempts: 5, backoff: { type: 'exponential', delay: 1000 } } as const;

/**
 * The job that makes a due (active) or timed-waiting run come back; null for a run that waits for an
 * event only or has ended. Its id is deterministic per run state and wake-up, so enqueueing the same
 * state twice is a no-op: `run-<id>-<seq>-a<updatedAt>` for an active run, `run-<id>-<seq>-w<wakeAt>`
 * for a timed wait, delayed until then. `late` marks a waiting run the sweeper found overdue: its own
 * id, since the original delayed job may still sit in Redis waiting for a wall-clock time.
 *
 * @example
 * ```ts
 * runJob({ id: 'run_1', stepSeq: 3, status: 'waiting', wakeAt: 1_700_000_060_000, updatedAt: 0 }, now);
 * // opts.jobId: 'run-run_1-3-w1700000060000', opts.delay: 60000
 * ```
 */
export function runJob(run: RunJobSource, now: number, late = false): RunJob | null {
  const prefix = `run-${run.id}-${run.stepSeq}`;
  if (run.status === 'active') return { name: 'run', data: { runId: run.id }, opts: { ...JOB_OPTIONS, jobId: `${prefix}-a${run.updatedAt}`, delay: 0 } };
  if (run.status !== 'waiting' || run.wakeAt === null) return null;
  const jobId = `${prefix}-w${run.wakeAt}${late ? '-late' : ''}`;
  return { name: 'run', data: { runId: run.id }, opts: { ...JOB_OPTIONS, jobId, delay: late ? 0 : Math.max(0, run.wakeAt - now) } };
}
