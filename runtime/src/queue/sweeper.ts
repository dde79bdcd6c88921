import type { Store } from '@journey/db';
import type { Queue } from 'bullmq';
import type { Clock } from '../runtime-contract.ts';
import { runJob, type RunJob } from './run-job.ts';
import type { PassResult } from './work-loop.ts';

const MIN_PASS_GAP_MS = 50;

export interface SweeperOptions {
  store: Store;
  queue: Queue;
  clock: Clock;
  /** Runs due longer than this without being run are re-queued (default 10 s). */
  graceMs?: number;
  /** How often the database is swept for such runs (default 2 s, wall clock). */
  intervalMs?: number;
  /** Runs queued per pass (default 2,000). */
  limit?: number;
}

/**
 * Puts runs on the BullMQ queue from the database, the truth. Each pass queues the runs that became
 * active since the last pass (new enrolments, event resumes, ops retries — written by any process),
 * and every `intervalMs` sweeps for runs due longer than `graceMs` that no job ran: Redis restarted or
 * flushed, a worker died between its commit and its enqueue, a journey was resumed. Deterministic job
 * ids make queueing a run that is already queued a no-op.
 *
 * @example
 * ```ts
 * const sweeper = new Sweeper({ store, queue, clock });
 * const loop = new WorkLoop({ name: 'sweeper', clock, logger, pass: () => sweeper.pass() });
 * ```
 */
export class Sweeper {
  readonly #options: Required<SweeperOptions>;
  /** Keyset position of the last active run queued: (updatedAt, id). */
  #after: [number, string] = [0, ''];
  #nextSweepAt = 0;
  #lastPassAt = 0;
  /** Job ids queued lately, so the overlap window of the next pass does not send them again. */
  readonly #recent = new Map<string, number>();

  constructor(options: SweeperOptions) {
    this.#options = { graceMs: 10_000, intervalMs: 2000, limit: 2000, ...options };
  }

  /** One pass: queues new active runs, and sweeps when the interval is up. Passes are at least 50 ms apart. */
  async pass(): Promise<PassResult> {
    const { clock, queue, limit, graceMs, intervalMs } = this.#options;
    // Event batches kick every few milliseconds under load; one query per kick would scan the active runs each time.
    const wait = this.#lastPassAt + MIN_PASS_GAP_MS - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    this.#lastPassAt = performance.now();
    const now = clock.now();
    const { runs } = this.#options.store;
    const active = await runs.activeSince(this.#after, limit);
    const full = active.length === limit;
    const last = active.at(-1);
    // Another process's transaction may commit rows stamped a little earlier than ours: look back 1 s.
    this.#after = full && last ? [last.updatedAt, last.id] : [Math.min(now, Date.now()) - 1000, ''];
    const jobs: RunJob[] = [];
    for (const run of active) {
      const job = runJob(run, now);
      if (job && !this.#recent.has(job.opts.jobId)) jobs.push(job);
    }
    if (performance.now() >= this.#nextSweepAt) {
      this.#nextSweepAt = performance.now() + intervalMs;
      for (const run of await runs.overdue(now - graceMs, limit)) {
        const job = runJob(run, now, true);
        if (job) jobs.push(job);
      }
    }
    if (jobs.length > 0) await queue.addBulk(jobs);
    const wall = performance.now();
    for (const job of jobs) this.#recent.set(job.opts.jobId, wall);
    for (const [jobId, queuedAt] of this.#recent) {
      if (wall - queuedAt < 5000) break;
      this.#recent.delete(jobId);
    }
    return { more: full, nextAt: clock.now() + intervalMs };
  }
}
