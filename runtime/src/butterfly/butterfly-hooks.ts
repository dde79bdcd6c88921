import type { Repositories } from '@journey/db';
import { EVENT_PROPERTIES } from '@journey/nodes';
import { MEMBERSHIP_PURCHASED_EVENT, normalizeOfferCode, REFERRAL_QUALIFIED_EVENT, type EventSnapshot } from '@journey/nodes/server';
import { checkAttribution } from './referral-tree.ts';

const DAY_MS = 86_400_000;

/** Events the butterfly hooks act on, besides entry events carrying `properties.referralCode`. */
export const BUTTERFLY_EVENTS = {
  offerRedeemed: 'offer.redeemed',
  membershipPurchased: MEMBERSHIP_PURCHASED_EVENT,
  membershipRenewed: 'membership.renewed',
  membershipExpired: 'membership.expired',
  balanceSpent: 'balance.spent',
} as const;

/**
 * Events that move money or entitlements — purchases, top-ups, spends, redemptions, membership changes.
 * Only a server-side credential (an admin, or an API key of scope `commerce`) may send them: an `ingest`
 * key is embedded in web pages, where anyone can read it.
 */
export const COMMERCE_EVENT_TYPES: ReadonlySet<string> = new Set(['order.paid', ...Object.values(BUTTERFLY_EVENTS)]);

/**
 * An event as the hooks see it. Validity windows (offer expiry, membership start) are measured by
 * `receivedAt`, the server's time: a client's timestamp dated 2100 must not make a card last until 2100.
 */
export type HookEvent = EventSnapshot & { contactId: string; receivedAt: number };

/**
 * The butterfly side of events, applied inside the transaction that processes them, so each applies
 * exactly once: referral attribution, referral qualification, coupon redemption, membership purchases,
 * renewals and expiry, stored-value spending. Refusals are recorded, never thrown. One instance serves
 * one batch: it remembers the referrals it attributes, so later events of the batch see them.
 *
 * @example
 * ```ts
 * const hooks = new ButterflyHooks(tx, await tx.butterfly.referrersOf(contactIds));
 * for (const event of batch) followUps += await hooks.onEvent(event, isEntry(event), now);
 * ```
 */
export class ButterflyHooks {
  readonly #tx: Repositories;
  /** Who referred each contact of the batch (and the contacts attributed during it). */
  readonly #referrers: Map<string, string>;

  constructor(tx: Repositories, referrers: Map<string, string>) {
    this.#tx = tx;
    this.#referrers = referrers;
  }

  /**
   * Applies an event's butterfly side (attribution only when `isEntry`).
   * @returns how many follow-up events it stored (`referral.qualified` for referrers), to be processed next
   */
  async onEvent(event: HookEvent, isEntry: boolean, now: number): Promise<number> {
    const code = event.properties.referralCode;
    if (isEntry && typeof code === 'string' && code.trim() !== '') await this.#attribute(event, code);
    const followUps = await this.#qualify(event, now);
    switch (event.type) {
      case BUTTERFLY_EVENTS.offerRedeemed:
        await this.#redeem(event, now);
        break;
      case BUTTERFLY_EVENTS.membershipPurchased:
      case BUTTERFLY_EVENTS.membershipRenewed:
        await this.#purchase(event, now);
        break;
      case BUTTERFLY_EVENTS.membershipExpired: {
        const plan = typeof event.properties.plan === 'string' ? event.properties.plan : null;
        await this.#tx.butterfly.expireMemberships(event.contactId, plan, now);
        break;
      }
      case BUTTERFLY_EVENTS.balanceSpent: {
        // Checked as ingestion checks it (money, exact to the cent, over 0), never coerced: "0x1", [1] and
        // true used to count as 1. Events stored before ingestion checked amounts are refused here.
        const spent = EVENT_PROPERTIES[BUTTERFLY_EVENTS.balanceSpent]!.safeParse(event.properties);
        if (!spent.success) return followUps + (await this.#refuse(event, 'invalid_amount', now));
        const amount = spent.data.amount as number;
        const result = await this.#tx.butterfly.changeBalance({ contactId: event.contactId, amount: -amount, reason: 'spend', source: event.id, planId: null }, now);
        if (result === 'insufficient') await this.#refuse(event, 'insufficient_balance', now);
        break;
      }
    }
    return followUps;
  }

  async #attribute(event: HookEvent, rawCode: string): Promise<void> {
    const { butterfly, events } = this.#tx;
    const code = normalizeOfferCode(rawCode);
    const referrerId = await butterfly.referrerByCode(code);
    if (referrerId === undefined) return void (await this.#refuse(event, 'unknown_referral_code', event.timestamp));
    // The chain above the referrer is walked one step at a time; chains are short.
    const chain = new Map<string, string | undefined>();
    for (let up: string | undefined = referrerId; up !== undefined && !chain.has(up); ) {
      const next: string | undefined = this.#referrers.get(up) ?? (await butterfly.referrersOf([up])).get(up);
      chain.set(up, next);
      up = next;
    }
    const referrerExists = await butterfly.contactExists(referrerId);
    const refusal =
      checkAttribution({ referrerOf: (id) => (id === event.contactId ? this.#referrers.get(id) : chain.get(id)), exists: () => referrerExists }, referrerId, event.contactId) ??
      ((await events.hasEarlier(event.contactId, event.id)) ? 'existing_contact' : null);
    if (refusal) return void (await this.#refuse(event, refusal, event.timestamp));
    await butterfly.addReferral({ inviteeId: event.contactId, referrerId, code, eventId: event.id, at: event.timestamp });
    this.#referrers.set(event.contactId, referrerId);
  }

  /**
   * Records a qualifying invitee for a referrer whose runs wait for that event, and tells each waiting
   * threshold that has been reached (once the count reaches it; later ones find the run gone).
   */
  async #qualify(event: HookEvent, now: number): Promise<number> {
    if (event.type === REFERRAL_QUALIFIED_EVENT) return 0;
    const referrerId = this.#referrers.get(event.contactId);
    if (referrerId === undefined) return 0;
    const { butterfly, events } = this.#tx;
    const thresholds = await butterfly.waitingThresholds(referrerId, event.type);
    if (thresholds.length === 0 || !(await butterfly.qualify(referrerId, event.contactId, event.type, now))) return 0;
    const qualified = await butterfly.qualifiedCount(referrerId, event.type);
    let told = 0;
    for (const threshold of thresholds.filter((t) => qualified >= t)) {
      const properties = { qualifyEvent: event.type, threshold, qualified, inviteeId: event.contactId };
      await events.append({ contactId: referrerId, type: REFERRAL_QUALIFIED_EVENT, properties, timestamp: now }, now);
      told++;
    }
    return told;
  }

  async #redeem(event: HookEvent, now: number): Promise<void> {
    const raw = event.properties.code;
    const offer = typeof raw === 'string' ? await this.#tx.butterfly.offerByCode(normalizeOfferCode(raw)) : undefined;
    if (!offer) return void (await this.#refuse(event, 'unknown_code', now));
    if (offer.contactId !== event.contactId) return void (await this.#refuse(event, 'other_contact', now));
    if (offer.redeemedAt !== null) return void (await this.#refuse(event, 'already_redeemed', now));
    if (event.receivedAt > offer.expiresAt) return void (await this.#refuse(event, 'expired', now));
    // A threshold coupon needs the order's spend: without `amount`, or below the threshold, it does not apply.
    const spent = event.properties.amount;
    if (offer.threshold > 0 && !(typeof spent === 'number' && spent >= offer.threshold)) return void (await this.#refuse(event, 'below_threshold', now));
    await this.#tx.butterfly.redeem(offer.id, event.id, event.receivedAt);
  }

  async #purchase(event: HookEvent, now: number): Promise<void> {
    const { butterfly } = this.#tx;
    const planId = event.properties.plan;
    const plan = typeof planId === 'string' ? await butterfly.plan(planId) : undefined;
    if (!plan) return void (await this.#refuse(event, 'unknown_plan', now));
    if (plan.kind === 'stored_value') {
      await butterfly.changeBalance({ contactId: event.contactId, amount: plan.price, reason: 'top_up', source: event.id, planId: plan.id }, now);
      if (plan.bonus > 0) await butterfly.changeBalance({ contactId: event.contactId, amount: plan.bonus, reason: 'bonus', source: event.id, planId: plan.id }, now);
      return;
    }
    const current = await butterfly.membership(event.contactId, plan.id);
    const from = current && current.status === 'active' ? Math.max(current.expiresAt, event.receivedAt) : event.receivedAt;
    await butterfly.putMembership({
      contactId: event.contactId,
      planId: plan.id,
      tier: plan.tier ?? plan.id,
      at: event.receivedAt,
      expiresAt: from + (plan.durationDays ?? 365) * DAY_MS,
    });
  }

  /** Records a refusal; resolves to 0 (no follow-up), for the callers that return it. */
  async #refuse(event: HookEvent, reason: string, now: number): Promise<0> {
    await this.#tx.butterfly.refuse({ contactId: event.contactId, eventId: event.id, eventType: event.type, reason }, now);
    return 0;
  }
}
