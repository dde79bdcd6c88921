import type { Store } from '@journey/db';
import { sourceGroupOf, type SourceGroup } from '@journey/nodes';
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
  byGroup: Record<SourceGroup | 'referral', StageFunnel>;
  bySource: ({ source: string; group: SourceGroup | 'referral' } & StageFunnel)[];
  fission: FissionStats;
  cac: SourceCac[];
  repurchaseRate: number;
  memberships: number;
  /** Sum of stored-value balances of the population. */
  balanceOutstanding: number;
  goals: { nodeId: string; name: string; contacts: number; rate: number }[];
}

interface ContactFacts {
  id: string;
  source: string | null;
  activity: number;
  orders: number;
  redeemed: number;
  referrer: string | null;
  member: number;
  balance: number;
}

const emptyFunnel = (): StageFunnel => ({ acquired: 0, engaged: 0, converted: 0, referred: 0, repurchased: 0 });

/**
 * Computes the butterfly figures from the raw runs, events, referrals, memberships and ledger, over
 * the contacts who entered `journeyId` (all journeys when null). A contact with no source of their own
 * counts under `referral` when someone invited them.
 *
 * @example
 * ```ts
 * butterflyAnalytics(store, { journeyId: 'jrn_1' }).funnel.converted; // 412
 * ```
 */
export function butterflyAnalytics(store: Store, options: { journeyId: string | null; orderEvent?: string }): ButterflyAnalytics {
  const journeyId = options.journeyId;
  const orderEvent = options.orderEvent ?? 'order.paid';
  const db = store.sqlite;
  const facts = db
    .prepare<[{ journeyId: string | null; orderEvent: string }], ContactFacts>(
      `WITH pop AS (
         SELECT r.contact_id AS id, MIN(r.entry_event_id) AS entryEventId FROM runs r
         WHERE @journeyId IS NULL OR r.journey_id = @journeyId GROUP BY r.contact_id
       )
       SELECT pop.id,
         (SELECT json_extract(e.properties, '$.source') FROM events e WHERE e.id = pop.entryEventId) AS source,
         (SELECT COUNT(*) FROM events e WHERE e.contact_id = pop.id AND e.type NOT IN ('contact.acquired', 'referral.qualified')) AS activity,
         (SELECT COUNT(*) FROM events e WHERE e.contact_id = pop.id AND e.type = @orderEvent) AS orders,
         EXISTS (SELECT 1 FROM offers o WHERE o.contact_id = pop.id AND o.redeemed_at IS NOT NULL) AS redeemed,
         (SELECT f.referrer_id FROM referrals f WHERE f.invitee_id = pop.id) AS referrer,
         EXISTS (SELECT 1 FROM memberships m WHERE m.contact_id = pop.id AND m.status = 'active') AS member,
         COALESCE((SELECT l.balance_after FROM ledger_entries l WHERE l.contact_id = pop.id ORDER BY l.id DESC LIMIT 1), 0) AS balance
       FROM pop ORDER BY pop.id`,
    )
    .all({ journeyId, orderEvent });

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
    memberships += f.member;
    balanceOutstanding += f.balance;
  }

  const subtree = (id: string): number => 1 + (children.get(id) ?? []).reduce((n, child) => n + subtree(child), 0);
  const costs = db.prepare<[], { source: string; cost: number }>('SELECT source, cost FROM source_costs ORDER BY source').all();
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
    byGroup,
    bySource: [...bySource].map(([source, f]) => ({ source, group: groupOf(source), ...f })).sort((a, b) => b.acquired - a.acquired),
    fission: fissionStats(edges, facts.length),
    cac,
    repurchaseRate: funnel.converted > 0 ? funnel.repurchased / funnel.converted : 0,
    memberships,
    balanceOutstanding,
    goals: journeyId === null ? [] : goalConversions(store, journeyId, facts.length),
  };
}

function groupOf(source: string): SourceGroup | 'referral' {
  return source === 'referral' ? 'referral' : sourceGroupOf(source);
}

function add(target: StageFunnel, stage: StageFunnel): void {
  for (const key of Object.keys(stage) as (keyof StageFunnel)[]) target[key] += stage[key];
}

function goalConversions(store: Store, journeyId: string, population: number): ButterflyAnalytics['goals'] {
  const rows = store.sqlite
    .prepare<[string], { nodeId: string; contacts: number }>(
      `SELECT node_id AS nodeId, COUNT(DISTINCT contact_id) AS contacts FROM steps
       WHERE journey_id = ? AND node_type = 'goal' AND outcome = 'next' GROUP BY node_id ORDER BY node_id`,
    )
    .all(journeyId);
  const graph = store.sqlite.prepare<[string], string>('SELECT graph FROM journeys WHERE id = ?').pluck().get(journeyId);
  const nodes = graph ? (JSON.parse(graph) as { nodes: { id: string; label?: string; config?: { name?: string } }[] }).nodes : [];
  return rows.map(({ nodeId, contacts }) => {
    const node = nodes.find((n) => n.id === nodeId);
    return { nodeId, name: node?.config?.name ?? node?.label ?? nodeId, contacts, rate: population > 0 ? contacts / population : 0 };
  });
}
