import { journeyVersions, nodeCounters, runs, steps, type Db, type RunStatus } from '@journey/db';
import { and, eq, exists, sql } from 'drizzle-orm';
import { findJourney } from './journeys.ts';

type StatusCounts = Record<RunStatus, number>;

/** Journey statistics in the SPEC §5 shape; node keys also carry `entered`. */
export interface JourneyStats {
  runs: StatusCounts;
  nodes: Record<string, StatusCounts & { entered: number }>;
  edges: Record<string, number>;
  conversions: number;
}

const zeroStatuses = (): StatusCounts => ({ active: 0, waiting: 0, completed: 0, exited: 0, failed: 0 });

/**
 * Counts for the canvas: runs by status, per node the runs that entered it (node_counters) and the
 * runs now there by status, per edge of the published graph the runs that took it (the counter of
 * its source port), and conversions (runs that passed a goal node).
 */
export function journeyStats(db: Db, journeyId: string): JourneyStats {
  const journey = findJourney(db, journeyId);
  const stats: JourneyStats = { runs: zeroStatuses(), nodes: {}, edges: {}, conversions: 0 };
  const node = (id: string) => (stats.nodes[id] ??= { entered: 0, ...zeroStatuses() });

  const published =
    journey.publishedVersion === null
      ? undefined
      : db
          .select({ graph: journeyVersions.graph })
          .from(journeyVersions)
          .where(and(eq(journeyVersions.journeyId, journeyId), eq(journeyVersions.version, journey.publishedVersion)))
          .get()?.graph;
  for (const n of published?.nodes ?? []) node(n.id);

  const counters = db.select().from(nodeCounters).where(eq(nodeCounters.journeyId, journeyId)).all();
  const taken = new Map<string, number>();
  for (const counter of counters) {
    if (counter.port === '') node(counter.nodeId).entered = counter.count;
    else taken.set(`${counter.nodeId}\u0000${counter.port}`, counter.count);
  }
  for (const edge of published?.edges ?? []) stats.edges[edge.id] = taken.get(`${edge.source}\u0000${edge.sourceHandle}`) ?? 0;

  const byNode = db
    .select({ nodeId: runs.nodeId, status: runs.status, n: sql<number>`count(*)` })
    .from(runs)
    .where(eq(runs.journeyId, journeyId))
    .groupBy(runs.nodeId, runs.status)
    .all();
  for (const { nodeId, status, n } of byNode) {
    node(nodeId)[status] += n;
    stats.runs[status] += n;
  }

  stats.conversions = db
    .select({ n: sql<number>`count(*)` })
    .from(runs)
    .where(
      and(
        eq(runs.journeyId, journeyId),
        exists(db.select({ one: sql`1` }).from(steps).where(and(eq(steps.runId, runs.id), eq(steps.nodeType, 'goal')))),
      ),
    )
    .get()!.n;
  return stats;
}
