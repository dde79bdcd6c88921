import type { Effect } from '@journey/nodes/server';
import { sql, type SQL } from 'drizzle-orm';
import type { ButterflyRepository, LedgerChange, LedgerResult, NewReferral, RedeemableOffer } from '../port/butterfly.ts';
import { newId } from '../ids.ts';
import type { MembershipRecord, OfferRecord, PlanRecord, SourceCostRecord } from '../port/model.ts';
import { selectList } from './columns.ts';
import type { Dialect, SqlContext } from './context.ts';
import { bool, json, toJson } from './decode.ts';

const DAY_MS = 86_400_000;
/** How long a coupon given as a referral reward stays valid. */
const REWARD_COUPON_DAYS = 30;

const PLAN = selectList({
  id: 'id',
  name: 'name',
  kind: 'kind',
  price: 'price',
  currency: 'currency',
  tier: 'tier',
  durationDays: 'duration_days',
  benefits: 'benefits',
  bonus: 'bonus',
  archived: 'archived',
});
const OFFER = selectList({
  code: 'code',
  kind: 'kind',
  name: 'name',
  value: 'value',
  threshold: 'threshold',
  currency: 'currency',
  journeyId: 'journey_id',
  nodeId: 'node_id',
  expiresAt: 'expires_at',
  redeemedAt: 'redeemed_at',
});
const MEMBERSHIP = selectList({ planId: 'plan_id', tier: 'tier', status: 'status', expiresAt: 'expires_at' });

type PlanRow = Omit<PlanRecord, 'benefits' | 'archived'> & { benefits: unknown; archived: unknown };
const decodePlan = (row: PlanRow): PlanRecord => ({ ...row, benefits: json<string[]>(row.benefits), archived: bool(row.archived) });

const lastBalance = (contactId: string) =>
  sql`coalesce((SELECT balance_after FROM ledger_entries WHERE contact_id = ${contactId} ORDER BY id DESC LIMIT 1), 0)`;

/**
 * The ledger row of a balance change, computed from the current balance in the same statement and
 * written only when the balance stays at or above zero and the change was not applied before.
 */
export function ledgerChangeSql(change: LedgerChange, now: number): SQL {
  const after = sql`${lastBalance(change.contactId)} + ${change.amount}`;
  return sql`INSERT INTO ledger_entries (contact_id, amount, balance_after, reason, source, plan_id, created_at)
    SELECT ${change.contactId}, ${change.amount}, ${after}, ${change.reason}, ${change.source}, ${change.planId}, ${now}
    WHERE ${after} >= 0 ON CONFLICT DO NOTHING`;
}

/** The step a butterfly effect belongs to; `${runId}:${nodeId}:${seq}` is its idempotency key. */
export interface EffectOrigin {
  runId: string;
  journeyId: string;
  contactId: string;
  nodeId: string;
  seq: number;
}

/** The effect kinds the butterfly statements commit with a step. */
export type ButterflyEffect = Extract<Effect, { kind: 'offer' | 'referral_code' | 'reward' }>;

export function isButterflyEffect(effect: Effect): effect is ButterflyEffect {
  return effect.kind === 'offer' || effect.kind === 'referral_code' || effect.kind === 'reward';
}

function offerSql(
  origin: EffectOrigin,
  offer: { code: string; kind: string; name: string; value: number; threshold: number; currency: string; expiresAt: number },
  key: string,
  now: number,
): SQL {
  return sql`INSERT INTO offers (id, code, contact_id, journey_id, run_id, node_id, kind, name, value, threshold, currency, expires_at, idempotency_key, created_at)
    VALUES (${newId('ofr')}, ${offer.code}, ${origin.contactId}, ${origin.journeyId}, ${origin.runId}, ${origin.nodeId}, ${offer.kind}, ${offer.name},
      ${offer.value}, ${offer.threshold}, ${offer.currency}, ${offer.expiresAt}, ${key}, ${now})
    ON CONFLICT (idempotency_key) DO NOTHING`;
}

/**
 * The writes of a step's offer, referral code or reward, in order, each idempotent on its own by the
 * step's key (a retried step changes nothing). A taken offer code breaks the offers' unique code, so
 * the commit fails and the step is retried with a new code. `lockKey` serializes balance writers.
 */
export function butterflyEffectSql(origin: EffectOrigin, effect: ButterflyEffect, now: number, dialect: Dialect): SQL[] {
  const key = `${origin.runId}:${origin.nodeId}:${origin.seq}`;
  switch (effect.kind) {
    case 'offer':
      return [offerSql(origin, { ...effect, kind: effect.offerKind, threshold: effect.threshold ?? 0 }, key, now)];
    case 'referral_code':
      return [sql`INSERT INTO referral_codes (contact_id, code, created_at) VALUES (${origin.contactId}, ${effect.code}, ${now}) ON CONFLICT DO NOTHING`];
    case 'reward': {
      const statements = [
        sql`INSERT INTO rewards (id, contact_id, journey_id, run_id, node_id, kind, amount, idempotency_key, created_at)
          VALUES (${newId('rwd')}, ${origin.contactId}, ${origin.journeyId}, ${origin.runId}, ${origin.nodeId}, ${effect.rewardKind}, ${effect.amount}, ${key}, ${now})
          ON CONFLICT DO NOTHING`,
      ];
      if (effect.rewardKind === 'balance') {
        const lock = dialect.lockKey(`balance:${origin.contactId}`);
        if (lock) statements.push(lock);
        statements.push(ledgerChangeSql({ contactId: origin.contactId, amount: effect.amount, reason: 'reward', source: key, planId: null }, now));
      }
      if (effect.rewardKind === 'coupon' && effect.code) {
        const coupon = {
          code: effect.code,
          kind: 'coupon',
          name: 'referral_reward',
          value: effect.amount,
          threshold: effect.threshold ?? 0,
          currency: 'CNY',
          expiresAt: now + REWARD_COUPON_DAYS * DAY_MS,
        };
        statements.push(offerSql(origin, coupon, `${key}:reward`, now));
      }
      return statements;
    }
  }
}

/** Offers, referrals, memberships, the ledger, plans and source costs on either store. */
export class SqlButterflyRepository implements ButterflyRepository {
  constructor(private readonly ctx: SqlContext) {}

  async referrerByCode(code: string): Promise<string | undefined> {
    return (await this.ctx.exec.get<{ id: string }>(sql`SELECT contact_id AS "id" FROM referral_codes WHERE code = ${code}`))?.id;
  }

  async referrersOf(contactIds: readonly string[]): Promise<Map<string, string>> {
    if (contactIds.length === 0) return new Map();
    const rows = await this.ctx.exec.all<{ inviteeId: string; referrerId: string }>(sql`SELECT invitee_id AS "inviteeId", referrer_id AS "referrerId"
      FROM referrals WHERE ${this.ctx.dialect.inList(sql`invitee_id`, [...new Set(contactIds)])}`);
    return new Map(rows.map((r) => [r.inviteeId, r.referrerId]));
  }

  async contactExists(id: string): Promise<boolean> {
    return (await this.ctx.exec.get(sql`SELECT 1 AS "one" FROM contacts WHERE id = ${id}`)) !== undefined;
  }

  async addReferral(r: NewReferral): Promise<void> {
    await this.ctx.exec.run(sql`INSERT INTO referrals (invitee_id, referrer_id, code, event_id, created_at)
      VALUES (${r.inviteeId}, ${r.referrerId}, ${r.code}, ${r.eventId}, ${r.at}) ON CONFLICT DO NOTHING`);
  }

  async waitingThresholds(referrerId: string, qualifyEvent: string): Promise<number[]> {
    const { dialect } = this.ctx;
    const rows = await this.ctx.exec.all<{ threshold: unknown }>(sql`SELECT DISTINCT ${dialect.jsonText(sql`waiting_match`, 'threshold')} AS "threshold"
      FROM runs WHERE contact_id = ${referrerId} AND status = 'waiting' AND waiting_for = 'referral.qualified'
        AND ${dialect.jsonText(sql`waiting_match`, 'qualifyEvent')} = ${qualifyEvent}`);
    return rows.map((r) => Number(r.threshold)).filter((n) => Number.isFinite(n));
  }

  async qualify(referrerId: string, inviteeId: string, eventType: string, now: number): Promise<boolean> {
    const changed = await this.ctx.exec.run(sql`INSERT INTO referral_qualifications (referrer_id, invitee_id, event_type, created_at)
      VALUES (${referrerId}, ${inviteeId}, ${eventType}, ${now}) ON CONFLICT DO NOTHING`);
    return changed > 0;
  }

  async qualifiedCount(referrerId: string, eventType: string): Promise<number> {
    const row = await this.ctx.exec.get<{ n: number }>(
      sql`SELECT count(*) AS "n" FROM referral_qualifications WHERE referrer_id = ${referrerId} AND event_type = ${eventType}`,
    );
    return Number(row?.n ?? 0);
  }

  offerByCode(code: string): Promise<RedeemableOffer | undefined> {
    return this.ctx.exec.get(sql`SELECT id, contact_id AS "contactId", threshold, expires_at AS "expiresAt", redeemed_at AS "redeemedAt"
      FROM offers WHERE code = ${code}`);
  }

  async redeem(offerId: string, eventId: string, at: number): Promise<void> {
    await this.ctx.exec.run(sql`UPDATE offers SET redeemed_at = ${at}, redeem_event_id = ${eventId} WHERE id = ${offerId} AND redeemed_at IS NULL`);
  }

  async plan(id: string): Promise<PlanRecord | undefined> {
    const row = await this.ctx.exec.get<PlanRow>(sql`SELECT ${PLAN} FROM membership_plans WHERE id = ${id}`);
    return row && decodePlan(row);
  }

  async plans(): Promise<PlanRecord[]> {
    return (await this.ctx.exec.all<PlanRow>(sql`SELECT ${PLAN} FROM membership_plans ORDER BY id`)).map(decodePlan);
  }

  async upsertPlan(p: Omit<PlanRecord, 'archived'>, now: number): Promise<PlanRecord> {
    const row = await this.ctx.exec.get<PlanRow>(sql`INSERT INTO membership_plans (id, name, kind, price, currency, tier, duration_days, benefits, bonus, archived, created_at, updated_at)
      VALUES (${p.id}, ${p.name}, ${p.kind}, ${p.price}, ${p.currency}, ${p.tier}, ${p.durationDays}, ${toJson(p.benefits)}, ${p.bonus}, ${false}, ${now}, ${now})
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, price = excluded.price, currency = excluded.currency,
        tier = excluded.tier, duration_days = excluded.duration_days, benefits = excluded.benefits, bonus = excluded.bonus,
        updated_at = excluded.updated_at
      RETURNING ${PLAN}`);
    return decodePlan(row!);
  }

  async setPlanArchived(id: string, archived: boolean, now: number): Promise<PlanRecord | undefined> {
    const row = await this.ctx.exec.get<PlanRow>(sql`UPDATE membership_plans SET archived = ${archived}, updated_at = ${now} WHERE id = ${id} RETURNING ${PLAN}`);
    return row && decodePlan(row);
  }

  membership(contactId: string, planId: string): Promise<MembershipRecord | undefined> {
    return this.ctx.exec.get(sql`SELECT ${MEMBERSHIP} FROM memberships WHERE contact_id = ${contactId} AND plan_id = ${planId}`);
  }

  async putMembership(m: { contactId: string; planId: string; tier: string; at: number; expiresAt: number }): Promise<void> {
    await this.ctx.exec.run(sql`INSERT INTO memberships (contact_id, plan_id, tier, status, started_at, expires_at, purchases, updated_at)
      VALUES (${m.contactId}, ${m.planId}, ${m.tier}, 'active', ${m.at}, ${m.expiresAt}, 1, ${m.at})
      ON CONFLICT (contact_id, plan_id) DO UPDATE SET tier = excluded.tier, status = 'active', expires_at = excluded.expires_at,
        purchases = memberships.purchases + 1, updated_at = excluded.updated_at`);
  }

  async expireMemberships(contactId: string, planId: string | null, now: number): Promise<void> {
    await this.ctx.exec.run(sql`UPDATE memberships SET status = 'expired', updated_at = ${now}
      WHERE contact_id = ${contactId} AND status = 'active' ${planId === null ? sql`` : sql`AND plan_id = ${planId}`}`);
  }

  async balance(contactId: string): Promise<number> {
    const row = await this.ctx.exec.get<{ balance: number }>(sql`SELECT ${lastBalance(contactId)} AS "balance"`);
    return Number(row?.balance ?? 0);
  }

  changeBalance(change: LedgerChange, now: number): Promise<LedgerResult> {
    return this.ctx.atomic(async ({ exec, dialect }) => {
      const lock = dialect.lockKey(`balance:${change.contactId}`);
      if (lock) await exec.run(lock);
      if ((await exec.run(ledgerChangeSql(change, now))) > 0) return 'applied';
      const before = await exec.get(sql`SELECT 1 AS "one" FROM ledger_entries WHERE source = ${change.source} AND reason = ${change.reason}`);
      return before ? 'duplicate' : 'insufficient';
    });
  }

  async refuse(r: { contactId: string; eventId: string; eventType: string; reason: string }, now: number): Promise<void> {
    await this.ctx.exec.run(sql`INSERT INTO butterfly_refusals (contact_id, event_id, event_type, reason, created_at)
      VALUES (${r.contactId}, ${r.eventId}, ${r.eventType}, ${r.reason}, ${now})`);
  }

  offersOf(contactId: string): Promise<OfferRecord[]> {
    return this.ctx.exec.all(sql`SELECT ${OFFER} FROM offers WHERE contact_id = ${contactId} ORDER BY created_at DESC, id DESC`);
  }

  membershipsOf(contactId: string): Promise<MembershipRecord[]> {
    return this.ctx.exec.all(sql`SELECT ${MEMBERSHIP} FROM memberships WHERE contact_id = ${contactId} ORDER BY plan_id`);
  }

  sourceCosts(): Promise<SourceCostRecord[]> {
    return this.ctx.exec.all(sql`SELECT source, cost, currency FROM source_costs ORDER BY source`);
  }

  async putSourceCosts(costs: readonly SourceCostRecord[], now: number): Promise<void> {
    if (costs.length === 0) return;
    await this.ctx.exec.run(sql`INSERT INTO source_costs (source, cost, currency, updated_at)
      VALUES ${sql.join(costs.map((c) => sql`(${c.source}, ${c.cost}, ${c.currency}, ${now})`), sql`, `)}
      ON CONFLICT (source) DO UPDATE SET cost = excluded.cost, currency = excluded.currency, updated_at = excluded.updated_at`);
  }
}
