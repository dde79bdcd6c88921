import type { MembershipRecord, OfferRecord, PlanRecord, SourceCostRecord } from './model.ts';

/** A change of a contact's stored value; `source` + `reason` make it apply once. */
export interface LedgerChange {
  contactId: string;
  /** Positive credits, negative debits. */
  amount: number;
  /** `top_up`, `bonus`, `reward`, `spend`. */
  reason: string;
  /** An event id or a reward's idempotency key. */
  source: string;
  planId: string | null;
}

/** What a ledger change did: applied, refused for want of balance, or already applied before. */
export type LedgerResult = 'applied' | 'insufficient' | 'duplicate';

/** A referral: the invitee, first touch wins. */
export interface NewReferral {
  inviteeId: string;
  referrerId: string;
  code: string;
  eventId: string;
  at: number;
}

/** An offer as redemption checks it. */
export interface RedeemableOffer {
  id: string;
  contactId: string;
  /** The spend `offer.redeemed` must report as `amount` (0 = any). */
  threshold: number;
  expiresAt: number;
  redeemedAt: number | null;
}

/**
 * Offers, referrals, memberships, the stored-value ledger and plans: what the butterfly hooks read and
 * write while events are processed. Call the writes inside the transaction of the event they belong to.
 *
 * @example
 * ```ts
 * await store.transaction(async (tx) => {
 *   if ((await tx.butterfly.changeBalance({ contactId, amount: -30, reason: 'spend', source: eventId, planId: null }, now)) === 'insufficient') {
 *     await tx.butterfly.refuse({ contactId, eventId, eventType: 'balance.spent', reason: 'insufficient_balance' }, now);
 *   }
 * });
 * ```
 */
export interface ButterflyRepository {
  /** The contact whose referral code this is. */
  referrerByCode(code: string): Promise<string | undefined>;
  /** Who referred each of these contacts (absent: nobody). */
  referrersOf(contactIds: readonly string[]): Promise<Map<string, string>>;
  contactExists(id: string): Promise<boolean>;
  /** Records the referral unless the invitee already has a referrer. */
  addReferral(referral: NewReferral): Promise<void>;
  /** Distinct thresholds of the referrer's runs waiting for invitees to do `qualifyEvent`. */
  waitingThresholds(referrerId: string, qualifyEvent: string): Promise<number[]>;
  /** Records that an invitee did the qualifying event; false when it was recorded before. */
  qualify(referrerId: string, inviteeId: string, eventType: string, now: number): Promise<boolean>;
  qualifiedCount(referrerId: string, eventType: string): Promise<number>;
  offerByCode(code: string): Promise<RedeemableOffer | undefined>;
  redeem(offerId: string, eventId: string, at: number): Promise<void>;
  plan(id: string): Promise<PlanRecord | undefined>;
  plans(): Promise<PlanRecord[]>;
  /** Creates or changes a plan (an archived plan stays archived). */
  upsertPlan(plan: Omit<PlanRecord, 'archived'>, now: number): Promise<PlanRecord>;
  /** Archives a plan (new upsells cannot offer it; members keep their cards) or brings it back; undefined when there is none. */
  setPlanArchived(id: string, archived: boolean, now: number): Promise<PlanRecord | undefined>;
  membership(contactId: string, planId: string): Promise<MembershipRecord | undefined>;
  /** Starts or renews a card: active from `at` until `expiresAt`. */
  putMembership(membership: { contactId: string; planId: string; tier: string; at: number; expiresAt: number }): Promise<void>;
  /** Expires the contact's active cards (of one plan, or all). */
  expireMemberships(contactId: string, planId: string | null, now: number): Promise<void>;
  balance(contactId: string): Promise<number>;
  /** Applies a balance change atomically against the current balance, which never goes below zero. */
  changeBalance(change: LedgerChange, now: number): Promise<LedgerResult>;
  /** Keeps something the hooks refused (unknown coupon, self-referral, overdraft, …) for ops. */
  refuse(refusal: { contactId: string; eventId: string; eventType: string; reason: string }, now: number): Promise<void>;
  /** The contact's offers, newest first. */
  offersOf(contactId: string): Promise<OfferRecord[]>;
  membershipsOf(contactId: string): Promise<MembershipRecord[]>;
  sourceCosts(): Promise<SourceCostRecord[]>;
  putSourceCosts(costs: readonly SourceCostRecord[], now: number): Promise<void>;
}
