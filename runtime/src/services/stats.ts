import type { Repositories, RunStatus } from '@journey/db';
import type { GoalPorts } from '@journey/nodes';
import { NotFound } from '../domain-errors.ts';
import { findJourney } from './journeys.ts';

type StatusCounts = Record<RunStatus, number>;

/** Journey statistics in the SPEC §5 shape; node keys also carry `entered`. */
export interface JourneyStats {
  runs: StatusCounts;
  /** Per node; `held`: of its waiting runs, those held by a frequency cap or quiet hours. */
  nodes: Record<string, StatusCounts & { entered: number; held: number }>;
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
 *
 * With `version`, only that version's runs count, on that version's graph: its entries and the ports
 * its runs left by come from their steps, and a node's `entered` is its entries plus the runs its
 * incoming edges brought — so a journey published again shows each version's contacts on its own nodes.
 *
 * @throws NotFound for an unknown journey, or a version it does not have
 */
export async function journeyStats(db: Repositories, journeyId: string, goals: readonly GoalPorts[], version?: number): Promise<JourneyStats> {
  const journey = await findJourney(db, journeyId);
  const stats: JourneyStats = { runs: zeroStatuses(), nodes: {}, edges: {}, conversions: 0, queued: 0 };
  const node = (id: string) => (stats.nodes[id] ??= { entered: 0, held: 0, ...zeroStatuses() });
  const shown = version ?? journey.publishedVersion;

  const [graphVersion, counters, atNodes, conversions, queued] = await Promise.all([
    shown === null ? undefined : db.journeys.version(journeyId, shown),
    version === undefined ? db.stats.nodeCounters(journeyId) : db.stats.versionCounters(journeyId, version),
    db.stats.runsAtNodes(journeyId, version),
    db.stats.conversions(journeyId, goals, version),
    journey.status === 'paused' ? db.stats.unstarted(journeyId) : 0,
  ]);
  if (version !== undefined && !graphVersion) throw new NotFound(`Version ${version} of journey`, journeyId);
  stats.queued = queued;
  const graph = graphVersion?.graph;
  for (const n of graph?.nodes ?? []) node(n.id);
  const taken = new Map<string, number>();
  for (const counter of counters) {
    if (counter.port === '') node(counter.nodeId).entered = counter.count;
    else taken.set(`${counter.nodeId}\u0000${counter.port}`, counter.count);
  }
  for (const edge of graph?.edges ?? []) {
    const count = taken.get(`${edge.source}\u0000${edge.sourceHandle}`) ?? 0;
    stats.edges[edge.id] = count;
    if (version !== undefined) node(edge.target).entered += count;
  }
  for (const { nodeId, status, count, held } of atNodes) {
    node(nodeId)[status] += count;
    node(nodeId).held += held;
    stats.runs[status] += count;
  }
  stats.conversions = conversions;
  return stats;
}

/** Contacts still in a journey on one version, and at which of its nodes. */
export interface VersionInFlight {
  version: number;
  contacts: number;
  nodes: Record<string, number>;
}

/**
 * Runs still in flight (active or waiting) per version, newest first: what publishing again leaves
 * where it is, since a run stays on the version it entered with.
 */
export async function inFlightByVersion(db: Repositories, journeyId: string): Promise<{ versions: VersionInFlight[] }> {
  await findJourney(db, journeyId);
  const versions = new Map<number, VersionInFlight>();
  for (const { version, nodeId, count } of await db.stats.openRunsByVersion(journeyId)) {
    let entry = versions.get(version);
    if (!entry) versions.set(version, (entry = { version, contacts: 0, nodes: {} }));
    entry.contacts += count;
    entry.nodes[nodeId] = count;
  }
  return { versions: [...versions.values()] };
}
