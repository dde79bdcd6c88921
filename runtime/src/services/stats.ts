import type { Repositories, RunStatus } from '@journey/db';
import type { GoalPorts } from '@journey/nodes';
import { findJourney } from './journeys.ts';

type StatusCounts = Record<RunStatus, number>;

/** Journey statistics in the SPEC §5 shape; node keys also carry `entered`. */
export interface JourneyStats {
  runs: StatusCounts;
  nodes: Record<string, StatusCounts & { entered: number }>;
  edges: Record<string, number>;
  conversions: number;
  /** While the journey is paused: contacts who arrived and wait at the entry for the resume. */
  queued: number;
}

const zeroStatuses = (): StatusCounts => ({ active: 0, waiting: 0, completed: 0, exited: 0, failed: 0 });

/**
 * Counts for the canvas: runs by status, per node the runs that entered it (node counters) and the
 * runs now there by status, per edge of the published graph the runs that took it (the counter of
 * its source port), and conversions (runs that left a goal node, as node types declare it, by a converting port).
 */
export async function journeyStats(db: Repositories, journeyId: string, goals: readonly GoalPorts[]): Promise<JourneyStats> {
  const journey = await findJourney(db, journeyId);
  const stats: JourneyStats = { runs: zeroStatuses(), nodes: {}, edges: {}, conversions: 0, queued: 0 };
  const node = (id: string) => (stats.nodes[id] ??= { entered: 0, ...zeroStatuses() });

  const [published, counters, atNodes, conversions, queued] = await Promise.all([
    journey.publishedVersion === null ? undefined : db.journeys.version(journeyId, journey.publishedVersion),
    db.stats.nodeCounters(journeyId),
    db.stats.runsAtNodes(journeyId),
    db.stats.conversions(journeyId, goals),
    journey.status === 'paused' ? db.stats.unstarted(journeyId) : 0,
  ]);
  stats.queued = queued;
  for (const n of published?.graph.nodes ?? []) node(n.id);
  const taken = new Map<string, number>();
  for (const counter of counters) {
    if (counter.port === '') node(counter.nodeId).entered = counter.count;
    else taken.set(`${counter.nodeId}\u0000${counter.port}`, counter.count);
  }
  for (const edge of published?.graph.edges ?? []) stats.edges[edge.id] = taken.get(`${edge.source}\u0000${edge.sourceHandle}`) ?? 0;
  for (const { nodeId, status, count } of atNodes) {
    node(nodeId)[status] += count;
    stats.runs[status] += count;
  }
  stats.conversions = conversions;
  return stats;
}
