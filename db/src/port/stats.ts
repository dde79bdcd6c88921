import type { GoalPorts } from '@journey/nodes';
import type { RunStatus } from './model.ts';

/** Per contact of an analytics population, the raw facts the butterfly figures are computed from. */
export interface ContactFacts {
  id: string;
  /** `properties.source` of the event that first enrolled the contact. */
  source: string | null;
  /** Events besides being acquired. */
  activity: number;
  orders: number;
  redeemed: boolean;
  referrer: string | null;
  member: boolean;
  balance: number;
}

/**
 * The reads behind journey statistics and the butterfly analytics.
 *
 * @example
 * ```ts
 * const facts = await store.stats.contactFacts({ journeyId: 'jrn_1', orderEvent: 'order.paid' });
 * ```
 */
export interface StatsRepository {
  /** Running totals per node: port `''` counts entries, any other port exits by it. */
  nodeCounters(journeyId: string): Promise<{ nodeId: string; port: string; count: number }[]>;
  /**
   * Runs of the journey (of one version when given) now at each node, by status; `held`: of the waiting
   * ones, those held by a cap or quiet hours (a hold reason), not waiting for their own timer or event.
   */
  runsAtNodes(journeyId: string, version?: number): Promise<{ nodeId: string; status: RunStatus; count: number; held: number }[]>;
  /**
   * The counters of one version, from the steps of its runs: per node and port how many runs left by
   * it (`port` set), and per node how many runs took their first step there (`port` `''`: entries).
   */
  versionCounters(journeyId: string, version: number): Promise<{ nodeId: string; port: string; count: number }[]>;
  /** Runs of the journey that have not taken their first step (at a paused journey: entries queued for the resume). */
  unstarted(journeyId: string): Promise<number>;
  /** Runs of the journey (of one version when given) that converted: left a goal node by one of its converting ports. */
  conversions(journeyId: string, goals: readonly GoalPorts[], version?: number): Promise<number>;
  /** Runs of the journey still in flight (active or waiting), by the version they run on and the node they are at. */
  openRunsByVersion(journeyId: string): Promise<{ version: number; nodeId: string; count: number }[]>;
  /** Facts of every contact who entered the journey (every journey when null), by id. */
  contactFacts(query: { journeyId: string | null; orderEvent: string }): Promise<ContactFacts[]>;
  /** Contacts who converted at each goal node of the journey. */
  goalReach(journeyId: string, goals: readonly GoalPorts[]): Promise<{ nodeId: string; contacts: number }[]>;
}
