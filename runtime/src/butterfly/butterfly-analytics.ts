import type { Store, TimeRange } from '@journey/db';
import { sourceGroupOf, type GoalPorts, type SourceGroup } from '@journey/nodes';
import { fissionStats, type FissionStats } from './referral-tree.ts';

/** Contacts at each butterfly stage. Stages are counted independently (a referrer need not have bought). */
export interface StageFunnel {
  /** Entered the journey (or any journey). */
  acquired: number;
  /** Emitted any event besides being acquired (read, clicked, bought, …). */
  engaged: number;
  /** Placed an order (`orderEvent`) or redeemed an offer. */
  converted: number;
  /** Brought at least one attributed invitee. */
  referred: number;
  /** Placed two orders or more. */
  repurchased: number;
}

/** The stages after the first, each rated over the one before it. */
export type StageRates = Record<Exclude<keyof StageFunnel, 'acquired'>, number | null>;

const STAGE_ORDER = ['acquired', 'engaged', 'converted', 'referred', 'repurchased'] as const satisfies readonly (keyof StageFunnel)[];

/**
 * Stage-to-stage conversion of a funnel.
 *
 * @example stageRates({ acquired: 10, engaged: 5, converted: 1, referred: 0, repurchased: 0 }).converted // 0.2
 */
export function stageRates(funnel: StageFunnel): StageRates {
  const rate = (i: number) => (funnel[STAGE_ORDER[i - 1]!] > 0 ? funnel[STAGE_ORDER[i]!] / funnel[STAGE_ORDER[i - 1]!] : null);
  return { engaged: rate(1), converted: rate(2), referred: rate(3), repurchased: rate(4) };
}

/** Acquisition cost of a source, before and after counting the invitees its contacts brought in. */
export interface SourceCac {
  source: string;
  cost: number;
  acquired: number;
  /** `acquired` plus everyone in the referral trees rooted at those contacts. */
  withReferrals: number;
  cacBefore: number | null;
  cacAfter: number | null;
}

/** `GET /api/analytics/butterfly`: the numbers an operator steers the butterfly model by. */
export interface ButterflyAnalytics {
  journeyId: string | null;
  funnel: StageFunnel;
  /** Each stage over the stage before it in butterfly order (null when that one is 0); can pass 1, as stages are counted independently. */
  stageRates: StageRates;
  byGroup: Record<SourceGroup | 'referral', StageFunnel>;
  bySource: ({ source: string; group: SourceGroup | 'referral' } & StageFunnel)[];
  fission: FissionStats;
  cac: SourceCac[];
  repurchaseRate: number;
  memberships: number;
  /** Sum of stored-value balances of the population. */
  balanceOutstanding: number;
  /** Contacts converted at each goal node, of the journey or of every journey; `rate` is over its journey's entrants. */
  goals: { journeyId: string; journeyName: string; nodeId: string; name: string; contacts: number; rate: number }[];
}

const emptyFunnel = (): StageFunnel => ({ acquired: 0, engaged: 0, converted: 0, referred: 0, repurchased: 0 });

/**
 * Computes the butterfly figures from the raw runs, events, referrals, memberships and ledger, over
 * the contacts who entered `journeyId` (all journeys when null) within `range` (always, when open). A
 * contact with no source of their own counts under `referral` when someone invited them.
 *
 * @example
 * ```ts
 * (await butterflyAnalytics(store, { journeyId: 'jrn_1', goals: goalPortsOf(registry.list()) })).funnel.converted; // 412
 * ```
 */
export async function butterflyAnalytics(
  store: Store,
  options: { journeyId: string | null; orderEvent?: string; goals: readonly GoalPorts[]; range?: TimeRange },
): Promise<ButterflyAnalytics> {
  const { journeyId, range } = options;
  const facts = await store.stats.contactFacts({ journeyId, orderEvent: options.orderEvent ?? 'order.paid', ...(range ? { range } : {}) });

  const inPopulation = new Set(facts.map((f) => f.id));
  const edges = facts.flatMap((f) => (f.referrer !== null && inPopulation.has(f.referrer) ? [{ referrerId: f.referrer, inviteeId: f.id }] : []));
  const referrers = new Set(edges.map((e) => e.referrerId));
  const children = new Map<string, string[]>();
  for (const e of edges) children.set(e.referrerId, [...(children.get(e.referrerId) ?? []), e.inviteeId]);

  const funnel = emptyFunnel();
  const byGroup: ButterflyAnalytics['byGroup'] = { ad: emptyFunnel(), content: emptyFunnel(), other: emptyFunnel(), referral: emptyFunnel() };
  const bySource = new Map<string, StageFunnel>();
  let memberships = 0;
  let balanceOutstanding = 0;
  for (const f of facts) {
    const source = f.source ?? (f.referrer !== null ? 'referral' : 'unknown');
    const stage: StageFunnel = {
      acquired: 1,
      engaged: f.activity > 0 ? 1 : 0,
      converted: f.orders > 0 || f.redeemed ? 1 : 0,
      referred: referrers.has(f.id) ? 1 : 0,
      repurchased: f.orders >= 2 ? 1 : 0,
    };
    const row = bySource.get(source) ?? emptyFunnel();
    bySource.set(source, row);
    for (const target of [funnel, row, byGroup[groupOf(source)]]) add(target, stage);
    if (f.member) memberships++;
    balanceOutstanding += f.balance;
  }

  const subtree = (id: string): number => 1 + (children.get(id) ?? []).reduce((n, child) => n + subtree(child), 0);
  const costs = await store.butterfly.sourceCosts();
  const cac = costs.map(({ source, cost }) => {
    const direct = facts.filter((f) => f.source === source && (f.referrer === null || !inPopulation.has(f.referrer)));
    const withReferrals = direct.reduce((n, f) => n + subtree(f.id), 0);
    return {
      source,
      cost,
      acquired: direct.length,
      withReferrals,
      cacBefore: direct.length > 0 ? cost / direct.length : null,
      cacAfter: withReferrals > 0 ? cost / withReferrals : null,
    };
  });

  return {
    journeyId,
    funnel,
    stageRates: stageRates(funnel),
    byGroup,
    bySource: [...bySource].map(([source, f]) => ({ source, group: groupOf(source), ...f })).sort((a, b) => b.acquired - a.acquired),
    fission: fissionStats(edges, facts.length),
    cac,
    repurchaseRate: funnel.converted > 0 ? funnel.repurchased / funnel.converted : 0,
    memberships,
    balanceOutstanding,
    goals: await goalConversions(store, journeyId, options.goals, range),
  };
}

function groupOf(source: string): SourceGroup | 'referral' {
  return source === 'referral' ? 'referral' : sourceGroupOf(source);
}

function add(target: StageFunnel, stage: StageFunnel): void {
  for (const key of Object.keys(stage) as (keyof StageFunnel)[]) target[key] += stage[key];
}

async function goalConversions(store: Store, journeyId: string | null, goals: readonly GoalPorts[], range: TimeRange | undefined): Promise<ButterflyAnalytics['goals']> {
  const rows = await store.stats.goalReach(journeyId, goals, range);
  const journeys = new Map<string, Awaited<ReturnType<Store['journeys']['get']>>>();
  for (const id of new Set(rows.map((r) => r.journeyId))) journeys.set(id, await store.journeys.get(id));
  return rows.map(({ journeyId: id, nodeId, contacts, entered }) => {
    const journey = journeys.get(id);
    const node = journey?.graph.nodes.find((n) => n.id === nodeId);
    const name = (node?.config as { name?: string } | undefined)?.name ?? node?.label ?? nodeId;
    return { journeyId: id, journeyName: journey?.name ?? id, nodeId, name, contacts, rate: entered > 0 ? contacts / entered : 0 };
  });
}
