import type { Store } from '@journey/db';

/** Work the queue is behind on: longer than this and the queue reports not ok. */
const MAX_HEALTHY_LAG_MS = 5 * 60_000;

/** Database reachability and how far behind the embedded queue is, read from the database. */
export function checkHealth(store: Store, now: number) {
  try {
    const due = store.sqlite
      .prepare(`SELECT count(*) AS n, min(wake_at) AS oldest FROM runs WHERE status IN ('active', 'waiting') AND wake_at <= ?`)
      .get(now) as { n: number; oldest: number | null };
    const pending = store.sqlite
      .prepare(`SELECT count(*) AS n FROM messages WHERE status = 'pending' AND next_attempt_at <= ?`)
      .get(now) as { n: number };
    const lagMs = due.oldest === null ? 0 : now - due.oldest;
    return {
      status: lagMs <= MAX_HEALTHY_LAG_MS ? ('ok' as const) : ('degraded' as const),
      database: { ok: true },
      queue: { driver: 'embedded' as const, ok: lagMs <= MAX_HEALTHY_LAG_MS, dueRuns: due.n, pendingMessages: pending.n, lagMs },
    };
  } catch (err) {
    return {
      status: 'down' as const,
      database: { ok: false, error: err instanceof Error ? err.message : String(err) },
      queue: { driver: 'embedded' as const, ok: false, dueRuns: 0, pendingMessages: 0, lagMs: 0 },
    };
  }
}
