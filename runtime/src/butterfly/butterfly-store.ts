import { newId, type Store } from '@journey/db';
import {
  MEMBERSHIP_PURCHASED_EVENT,
  normalizeOfferCode,
  REFERRAL_QUALIFIED_EVENT,
  type ContactSnapshot,
  type Effect,
  type EventSnapshot,
} from '@journey/nodes/server';
import { checkAttribution } from './referral-tree.ts';

const DAY_MS = 86_400_000;
/** How long a coupon given as a referral reward stays valid. */
const REWARD_COUPON_DAYS = 30;

/** Events the butterfly hooks act on, besides entry events carrying `properties.referralCode`. */
export const BUTTERFLY_EVENTS = {
  offerRedeemed: 'offer.redeemed',
  membershipPurchased: MEMBERSHIP_PURCHASED_EVENT,
  membershipRenewed: 'membership.renewed',
  membershipExpired: 'membership.expired',
  balanceSpent: 'balance.spent',
} as const;

/** The step an effect belongs to; `${runId}:${nodeId}:${seq}` is its idempotency key. */
export interface EffectOrigin {
  runId: string;
  journeyId: string;
  contactId: string;
  nodeId: string;
  seq: number;
}

type ButterflyEffect = Extract<Effect, { kind: 'offer' | 'referral_code' | 'reward' }>;

/** An event as the hooks see it. */
export type HookEvent = EventSnapshot & { contactId: string };

interface PlanRow {
  id: string;
  kind: 'card' | 'stored_value';
  price: number;
  tier: string | null;
  durationDays: number | null;
  bonus: number;
}

/**
 * Offers, referrals, memberships and the stored-value ledger in SQLite. Its writes run inside the
 * caller's transaction: step effects with the step (`applyEffect`), event hooks with the event's
 * processing (`onEvent`), so each applies exactly once.
 */
export class ButterflyStore {
  readonly #s;

  constructor(store: Store) {
    const db = store.sqlite;
    this.#s = {
      insertOffer: db.prepare(
        `INSERT INTO offers (id, code, contact_id, journey_id, run_id, node_id, kind, name, value, currency, expires_at, idempotency_key, created_at)
         VALUES (@id, @code, @contactId, @journeyId, @runId, @nodeId, @kind, @name, @value, @currency, @expiresAt, @key, @now)
         ON CONFLICT (idempotency_key) DO NOTHING`,
      ),
      insertReferralCode: db.prepare('INSERT OR IGNORE INTO referral_codes (contact_id, code, created_at) VALUES (?, ?, ?)'),
      insertReward: db.prepare(
        `INSERT OR IGNORE INTO rewards (id, contact_id, journey_id, run_id, node_id, kind, amount, idempotency_key, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      balance: db
        .prepare<[string], number>('SELECT balance_after FROM ledger_entries WHERE contact_id = ? ORDER BY id DESC LIMIT 1')
        .pluck(),
      insertLedger: db.prepare(
        `INSERT OR IGNORE INTO ledger_entries (contact_id, amount, balance_after, reason, source, plan_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      refuse: db.prepare(
        'INSERT INTO butterfly_refusals (contact_id, event_id, event_type, reason, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      referrerByCode: db.prepare<[string], string>('SELECT contact_id FROM referral_codes WHERE code = ?').pluck(),
      referrerOf: db.prepare<[string], string>('SELECT referrer_id FROM referrals WHERE invitee_id = ?').pluck(),
      contactExists: db.prepare<[string], number>('SELECT 1 FROM contacts WHERE id = ?').pluck(),
      earlierEvent: db
        .prepare<[string, string], number>('SELECT 1 FROM events WHERE contact_id = ? AND id < ? LIMIT 1')
        .pluck(),
      insertReferral: db.prepare(
        'INSERT OR IGNORE INTO referrals (invitee_id, referrer_id, code, event_id, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      waitingThresholds: db
        .prepare<[string, string], number>(
          `SELECT DISTINCT json_extract(waiting_match, '$.threshold') FROM runs WHERE contact_id = ? AND status = 'waiting'
             AND waiting_for = '${REFERRAL_QUALIFIED_EVENT}' AND json_extract(waiting_match, '$.qualifyEvent') = ?`,
        )
        .pluck(),
      qualify: db.prepare(
        'INSERT OR IGNORE INTO referral_qualifications (referrer_id, invitee_id, event_type, created_at) VALUES (?, ?, ?, ?)',
      ),
      qualified: db
        .prepare<[string, string], number>('SELECT COUNT(*) FROM referral_qualifications WHERE referrer_id = ? AND event_type = ?')
        .pluck(),
      insertEvent: db.prepare(
        `INSERT INTO events (id, contact_id, type, properties, timestamp, received_at) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      offerByCode: db.prepare<[string], { id: string; contactId: string; expiresAt: number; redeemedAt: number | null }>(
        'SELECT id, contact_id AS contactId, expires_at AS expiresAt, redeemed_at AS redeemedAt FROM offers WHERE code = ?',
      ),
      redeem: db.prepare('UPDATE offers SET redeemed_at = ?, redeem_event_id = ? WHERE id = ? AND redeemed_at IS NULL'),
      plan: db.prepare<[string], PlanRow>(
        `SELECT id, kind, price, tier, duration_days AS durationDays, bonus FROM membership_plans WHERE id = ?`,
      ),
      membership: db.prepare<[string, string], { expiresAt: number; status: string }>(
        'SELECT expires_at AS expiresAt, status FROM memberships WHERE contact_id = ? AND plan_id = ?',
      ),
      upsertMembership: db.prepare(
        `INSERT INTO memberships (contact_id, plan_id, tier, status, started_at, expires_at, purchases, updated_at)
         VALUES (@contactId, @planId, @tier, 'active', @at, @expiresAt, 1, @at)
         ON CONFLICT (contact_id, plan_id) DO UPDATE SET tier = excluded.tier, status = 'active',
           expires_at = excluded.expires_at, purchases = purchases + 1, updated_at = excluded.updated_at`,
      ),
      expire: db.prepare(
        `UPDATE memberships SET status = 'expired', updated_at = ? WHERE contact_id = ? AND (plan_id = ? OR ? IS NULL) AND status = 'active'`,
      ),
      contactMemberships: db.prepare<[string], { contactId: string; planId: string; tier: string; status: 'active' | 'expired'; expiresAt: number }>(
        `SELECT contact_id AS contactId, plan_id AS planId, tier, status, expires_at AS expiresAt FROM memberships
         WHERE contact_id IN (SELECT value FROM json_each(?))`,
      ),
      contactBalances: db.prepare<[string], { contactId: string; balance: number }>(
        `SELECT contact_id AS contactId, balance_after AS balance FROM ledger_entries WHERE id IN
           (SELECT MAX(id) FROM ledger_entries WHERE contact_id IN (SELECT value FROM json_each(?)) GROUP BY contact_id)`,
      ),
      contactOffers: db.prepare<
        [string],
        { contactId: string; code: string; journeyId: string; nodeId: string; name: string; expiresAt: number; redeemedAt: number | null }
      >(
        `SELECT contact_id AS contactId, code, journey_id AS journeyId, node_id AS nodeId, name, expires_at AS expiresAt,
           redeemed_at AS redeemedAt FROM offers WHERE contact_id IN (SELECT value FROM json_each(?)) ORDER BY created_at DESC, id DESC`,
      ),
    };
  }

  /** True for the effect kinds this store commits. */
  static handles(effect: Effect): effect is ButterflyEffect {
    return effect.kind === 'offer' || effect.kind === 'referral_code' || effect.kind === 'reward';
  }

  /**
   * Commits a step's offer, referral code or reward. Idempotent by the step's key; an offer whose
   * code is already taken throws (the unique index), so the step is retried with a new code.
   */
  applyEffect(origin: EffectOrigin, effect: ButterflyEffect, now: number): void {
    const key = `${origin.runId}:${origin.nodeId}:${origin.seq}`;
    const s = this.#s;
    switch (effect.kind) {
      case 'offer':
        s.insertOffer.run({
          id: newId('ofr'), code: effect.code, contactId: origin.contactId, journeyId: origin.journeyId, runId: origin.runId,
          nodeId: origin.nodeId, kind: effect.offerKind, name: effect.name, value: effect.value, currency: effect.currency,
          expiresAt: effect.expiresAt, key, now,
        });
        return;
      case 'referral_code':
        s.insertReferralCode.run(origin.contactId, effect.code, now);
        return;
      case 'reward': {
        const inserted = s.insertReward.run(
          newId('rwd'), origin.contactId, origin.journeyId, origin.runId, origin.nodeId, effect.rewardKind, effect.amount, key, now,
        ).changes;
        if (inserted === 0) return;
        if (effect.rewardKind === 'balance') this.#credit(origin.contactId, effect.amount, 'reward', key, null, now);
        if (effect.rewardKind === 'coupon' && effect.code) {
          s.insertOffer.run({
            id: newId('ofr'), code: effect.code, contactId: origin.contactId, journeyId: origin.journeyId, runId: origin.runId,
            nodeId: origin.nodeId, kind: 'coupon', name: 'referral_reward', value: effect.amount, currency: 'CNY',
            expiresAt: now + REWARD_COUPON_DAYS * DAY_MS, key: `${key}:reward`, now,
          });
        }
      }
    }
  }

  /** Adds memberships, balance and offers to contacts loaded for a step (those with a row in the map). */
  fillContacts(contacts: Map<string, ContactSnapshot>): void {
    if (contacts.size === 0) return;
    const ids = JSON.stringify([...contacts.keys()]);
    for (const contact of contacts.values()) {
      contact.memberships = [];
      contact.offers = [];
      contact.balance = 0;
    }
    for (const { contactId, ...m } of this.#s.contactMemberships.all(ids)) contacts.get(contactId)?.memberships?.push(m);
    for (const { contactId, balance } of this.#s.contactBalances.all(ids)) contacts.get(contactId)!.balance = balance;
    for (const { contactId, redeemedAt, ...o } of this.#s.contactOffers.all(ids)) {
      contacts.get(contactId)?.offers?.push({ ...o, redeemed: redeemedAt !== null });
    }
  }

  /**
   * Applies an event's butterfly side: referral attribution (when `isEntry`), referral qualification,
   * redemption, purchases, renewals, expiry and spending. Refusals are recorded, never thrown.
   *
   * @returns how many follow-up events it stored (`referral.qualified` for referrers), to be processed next
   */
  onEvent(event: HookEvent, isEntry: boolean, now: number): number {
    const code = event.properties.referralCode;
    if (isEntry && typeof code === 'string' && code.trim() !== '') this.#attribute(event, code);
    const followUps = this.#qualify(event, now);
    switch (event.type) {
      case BUTTERFLY_EVENTS.offerRedeemed:
        this.#redeem(event, now);
        break;
      case BUTTERFLY_EVENTS.membershipPurchased:
      case BUTTERFLY_EVENTS.membershipRenewed:
        this.#purchase(event, now);
        break;
      case BUTTERFLY_EVENTS.membershipExpired: {
        const plan = typeof event.properties.plan === 'string' ? event.properties.plan : null;
        this.#s.expire.run(now, event.contactId, plan, plan);
        break;
      }
      case BUTTERFLY_EVENTS.balanceSpent: {
        const amount = Number(event.properties.amount);
        if (!(amount > 0)) this.#refuse(event, 'invalid_amount', now);
        else if (!this.#debit(event.contactId, amount, event.id, now)) this.#refuse(event, 'insufficient_balance', now);
        break;
      }
    }
    return followUps;
  }

  /** The contact's stored-value balance. */
  balance(contactId: string): number {
    return this.#s.balance.get(contactId) ?? 0;
  }

  #attribute(event: HookEvent, rawCode: string): void {
    const s = this.#s;
    const referrerId = s.referrerByCode.get(normalizeOfferCode(rawCode));
    if (referrerId === undefined) return this.#refuse(event, 'unknown_referral_code', event.timestamp);
    const refusal =
      checkAttribution(
        { referrerOf: (id) => s.referrerOf.get(id), exists: (id) => s.contactExists.get(id) !== undefined },
        referrerId,
        event.contactId,
      ) ?? (s.earlierEvent.get(event.contactId, event.id) !== undefined ? 'existing_contact' : null);
    if (refusal) return this.#refuse(event, refusal, event.timestamp);
    s.insertReferral.run(event.contactId, referrerId, normalizeOfferCode(rawCode), event.id, event.timestamp);
  }

  /**
   * Records a qualifying invitee for a referrer whose runs wait for that event, and tells each waiting
   * threshold that has been reached (once the count reaches it; later ones find the run gone).
   */
  #qualify(event: HookEvent, now: number): number {
    const s = this.#s;
    if (event.type === REFERRAL_QUALIFIED_EVENT) return 0;
    const referrerId = s.referrerOf.get(event.contactId);
    if (referrerId === undefined) return 0;
    const thresholds = s.waitingThresholds.all(referrerId, event.type);
    if (thresholds.length === 0 || s.qualify.run(referrerId, event.contactId, event.type, now).changes === 0) return 0;
    const qualified = s.qualified.get(referrerId, event.type) ?? 0;
    let told = 0;
    for (const threshold of thresholds.filter((t) => qualified >= t)) {
      const properties = { qualifyEvent: event.type, threshold, qualified, inviteeId: event.contactId };
      s.insertEvent.run(newId('evt'), referrerId, REFERRAL_QUALIFIED_EVENT, JSON.stringify(properties), now, now);
      told++;
    }
    return told;
  }

  #redeem(event: HookEvent, now: number): void {
    const raw = event.properties.code;
    const offer = typeof raw === 'string' ? this.#s.offerByCode.get(normalizeOfferCode(raw)) : undefined;
    if (!offer) return this.#refuse(event, 'unknown_code', now);
    if (offer.contactId !== event.contactId) return this.#refuse(event, 'other_contact', now);
    if (offer.redeemedAt !== null) return this.#refuse(event, 'already_redeemed', now);
    if (event.timestamp > offer.expiresAt) return this.#refuse(event, 'expired', now);
    this.#s.redeem.run(event.timestamp, event.id, offer.id);
  }

  #purchase(event: HookEvent, now: number): void {
    const planId = event.properties.plan;
    const plan = typeof planId === 'string' ? this.#s.plan.get(planId) : undefined;
    if (!plan) return this.#refuse(event, 'unknown_plan', now);
    if (plan.kind === 'stored_value') {
      this.#credit(event.contactId, plan.price, 'top_up', event.id, plan.id, now);
      if (plan.bonus > 0) this.#credit(event.contactId, plan.bonus, 'bonus', event.id, plan.id, now);
      return;
    }
    const current = this.#s.membership.get(event.contactId, plan.id);
    const from = current && current.status === 'active' ? Math.max(current.expiresAt, event.timestamp) : event.timestamp;
    this.#s.upsertMembership.run({
      contactId: event.contactId,
      planId: plan.id,
      tier: plan.tier ?? plan.id,
      at: event.timestamp,
      expiresAt: from + (plan.durationDays ?? 365) * DAY_MS,
    });
  }

  #credit(contactId: string, amount: number, reason: string, source: string, planId: string | null, now: number): void {
    this.#s.insertLedger.run(contactId, amount, this.balance(contactId) + amount, reason, source, planId, now);
  }

  /** False (nothing written) when the balance does not cover `amount`. */
  #debit(contactId: string, amount: number, source: string, now: number): boolean {
    const balance = this.balance(contactId);
    if (balance < amount) return false;
    this.#s.insertLedger.run(contactId, -amount, balance - amount, 'spend', source, null, now);
    return true;
  }

  #refuse(event: HookEvent, reason: string, now: number): void {
    this.#s.refuse.run(event.contactId, event.id, event.type, reason, now);
  }
}
