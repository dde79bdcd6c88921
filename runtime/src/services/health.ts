import type { Store } from '@journey/db';
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

/** Reads the backlog; rejects when the database does not answer. */
export async function queueBacklog(store: Store, now: number): Promise<QueueBacklog> {
  const [due, pendingMessages, unprocessedEvents] = await Promise.all([
    store.runs.backlog(now),
    store.outbox.countDue(now),
    store.events.countUnprocessed(),
  ]);
  return { dueRuns: due.dueRuns, lagMs: due.oldestDueAt === null ? 0 : now - due.oldestDueAt, pendingMessages, unprocessedEvents };
}

/** The plugins a process loaded and those it left out, as health shows them. */
export interface PluginsReport {
  /** `active`: configured in this deployment (a plugin whose variables are unset loads but stays inactive). */
  loaded: { name: string; source: string; active: boolean; nodeTypes: string[]; channels: string[] }[];
  problems: { name: string; source: string; code: string; message: string }[];
}

/**
 * Database reachability, the queue driver's readiness (Redis for BullMQ) and how far behind it is, read
 * from the database; the plugins loaded and left out, and live journeys needing node types this process lacks.
 */
export async function checkHealth(
  store: Store,
  now: number,
  queue: QueueStatus = { driver: 'embedded' },
  nodes: { plugins: PluginsReport; gaps: () => Promise<{ journeyId: string; version: number; nodeTypes: string[] }[]> } = {
    plugins: { loaded: [], problems: [] },
    gaps: async () => [],
  },
) {
  const redisOk = queue.driver === 'embedded' || queue.redis.ok;
  const driver = queue.driver === 'embedded' ? { driver: queue.driver } : { driver: queue.driver, redis: queue.redis, leader: queue.leader };
  try {
    const [{ dueRuns, lagMs, pendingMessages }, missing] = await Promise.all([queueBacklog(store, now), nodes.gaps()]);
    const ok = lagMs <= MAX_HEALTHY_LAG_MS && redisOk;
    return {
      status: ok && missing.length === 0 && nodes.plugins.problems.length === 0 ? ('ok' as const) : ('degraded' as const),
      database: { ok: true, store: store.kind },
      queue: { ...driver, ok, dueRuns, pendingMessages, lagMs },
      plugins: nodes.plugins,
      nodeTypes: { missing },
    };
  } catch (err) {
    return {
      status: 'down' as const,
      database: { ok: false, store: store.kind, error: err instanceof Error ? err.message : String(err) },
      queue: { ...driver, ok: false, dueRuns: 0, pendingMessages: 0, lagMs: 0 },
      plugins: nodes.plugins,
      nodeTypes: { missing: [] },
    };
  }
}
