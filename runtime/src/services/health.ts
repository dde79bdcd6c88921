import { RUN_STATUSES, type RunStatus, type Store } from '@journey/db';
import type { QueueStatus } from '../runtime-contract.ts';

/** Work the queue is behind on: longer than this and the queue reports not ok. */
const MAX_HEALTHY_LAG_MS = 5 * 60_000;

/** How much work is waiting, read from the database (the truth for every queue driver). */
export interface QueueBacklog {
  /** Runs whose wake-up time has come. */
  dueRuns: number;
  /** How long the oldest due run has waited, in ms. */
  lagMs: number;
  /** Outbox messages due for (re)delivery. */
  pendingMessages: number;
  /** Events stored but not yet processed (enrolment, resumes, exits). */
  unprocessedEvents: number;
}

/** Reads the backlog; throws when the database does not answer. */
export function queueBacklog(store: Store, now: number): QueueBacklog {
  const due = store.sqlite
    .prepare(
      // An active run has no wake-up time: it has been due since its last change.
      `SELECT count(*) AS n, min(coalesce(wake_at, updated_at)) AS oldest FROM runs
        WHERE (status = 'active' OR (status = 'waiting' AND wake_at <= ?))
          AND journey_id NOT IN (SELECT id FROM journeys WHERE status = 'paused')`,
    )
    .get(now) as { n: number; oldest: number | null };
  const pending = store.sqlite
    .prepare(`SELECT count(*) AS n FROM messages WHERE status = 'pending' AND next_attempt_at <= ?`)
    .pluck()
    .get(now) as number;
  const unprocessed = store.sqlite.prepare(`SELECT count(*) FROM events WHERE processed_at IS NULL`).pluck().get() as number;
  return { dueRuns: due.n, lagMs: due.oldest === null ? 0 : now - due.oldest, pendingMessages: pending, unprocessedEvents: unprocessed };
}

/** Runs of every journey by status. */
export function runsByStatus(store: Store): Record<RunStatus, number> {
  const counts = Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>;
  const rows = store.sqlite.prepare(`SELECT status, count(*) AS n FROM runs GROUP BY status`).all() as { status: RunStatus; n: number }[];
  for (const { status, n } of rows) counts[status] = n;
  return counts;
}

/** Database reachability, the queue driver's readiness (Redis for BullMQ) and how far behind it is, read from the database. */
export function checkHealth(store: Store, now: number, queue: QueueStatus = { driver: 'embedded' }) {
  const redisOk = queue.driver === 'embedded' || queue.redis.ok;
  const driver = queue.driver === 'embedded' ? { driver: queue.driver } : { driver: queue.driver, redis: queue.redis, leader: queue.leader };
  try {
    const { dueRuns, lagMs, pendingMessages } = queueBacklog(store, now);
    const ok = lagMs <= MAX_HEALTHY_LAG_MS && redisOk;
    return {
      status: ok ? ('ok' as const) : ('degraded' as const),
      database: { ok: true },
      queue: { ...driver, ok, dueRuns, pendingMessages, lagMs },
    };
  } catch (err) {
    return {
      status: 'down' as const,
      database: { ok: false, error: err instanceof Error ? err.message : String(err) },
      queue: { ...driver, ok: false, dueRuns: 0, pendingMessages: 0, lagMs: 0 },
    };
  }
}
