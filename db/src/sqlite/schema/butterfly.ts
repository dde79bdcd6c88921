import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import { PLAN_KINDS, SEGMENT_ENROLLMENT_STATUSES } from '../../port/model.ts';

/**
 * An offer issued to a contact by an `offer` node: written with the step, unique by its code (the
 * unique index makes a colliding code fail the step, which retries with a new one) and by the step's
 * idempotency key (a retried step never issues twice).
 */
export const offers = sqliteTable(
  'offers',
  {
    id: text('id').primaryKey(),
    code: text('code').notNull(),
    contactId: text('contact_id').notNull(),
    journeyId: text('journey_id').notNull(),
    runId: text('run_id').notNull(),
    nodeId: text('node_id').notNull(),
    /** `coupon`, `free_trial`, `discount`, `gift`. */
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    value: real('value').notNull(),
    /** A coupon's minimum spend (满 threshold 减 value); 0 = none. */
    threshold: real('threshold').notNull().default(0),
    currency: text('currency').notNull(),
    expiresAt: integer('expires_at').notNull(),
    redeemedAt: integer('redeemed_at'),
    redeemEventId: text('redeem_event_id'),
    idempotencyKey: text('idempotency_key').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('offers_code').on(t.code),
    uniqueIndex('offers_idempotency').on(t.idempotencyKey),
    index('offers_contact').on(t.contactId, t.createdAt),
    index('offers_journey').on(t.journeyId),
  ],
);

/** A contact's own referral code (one per contact, shared by every journey). */
export const referralCodes = sqliteTable(
  'referral_codes',
  {
    contactId: text('contact_id').primaryKey(),
    code: text('code').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('referral_codes_code').on(t.code)],
);

/** The referral tree: one row per invitee (first touch wins), pointing at the referrer. */
export const referrals = sqliteTable(
  'referrals',
  {
    inviteeId: text('invitee_id').primaryKey(),
    referrerId: text('referrer_id').notNull(),
    code: text('code').notNull(),
    /** The event that carried the code. */
    eventId: text('event_id').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('referrals_referrer').on(t.referrerId)],
);

/** An invitee who emitted a qualification event (e.g. a first order) that a referrer's node counts. */
export const referralQualifications = sqliteTable(
  'referral_qualifications',
  {
    referrerId: text('referrer_id').notNull(),
    inviteeId: text('invitee_id').notNull(),
    eventType: text('event_type').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.inviteeId, t.eventType] }), index('referral_qualifications_referrer').on(t.referrerId, t.eventType)],
);

/** A referral reward issued by a `referral_reward` node, once per step. */
export const rewards = sqliteTable(
  'rewards',
  {
    id: text('id').primaryKey(),
    contactId: text('contact_id').notNull(),
    journeyId: text('journey_id').notNull(),
    runId: text('run_id').notNull(),
    nodeId: text('node_id').notNull(),
    /** `points`, `coupon` or `balance` (balance rewards are also a ledger credit). */
    kind: text('kind').notNull(),
    amount: real('amount').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('rewards_idempotency').on(t.idempotencyKey), index('rewards_contact').on(t.contactId)],
);

/** A membership or stored-value plan defined by an admin. Amounts are in the currency's main unit. */
export const membershipPlans = sqliteTable('membership_plans', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: PLAN_KINDS }).notNull(),
  price: real('price').notNull(),
  currency: text('currency').notNull().default('CNY'),
  /** Card plans: the tier granted and for how long. */
  tier: text('tier'),
  durationDays: integer('duration_days'),
  benefits: text('benefits', { mode: 'json' }).$type<string[]>().notNull().default([]),
  /** Stored-value plans: credited on top of the price paid. */
  bonus: real('bonus').notNull().default(0),
  archived: integer('archived', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** A contact's membership card: renewing extends `expiresAt`; `membership.expired` ends it. */
export const memberships = sqliteTable(
  'memberships',
  {
    contactId: text('contact_id').notNull(),
    planId: text('plan_id').notNull(),
    tier: text('tier').notNull(),
    status: text('status', { enum: ['active', 'expired'] }).notNull(),
    startedAt: integer('started_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    purchases: integer('purchases').notNull().default(1),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.planId] }), index('memberships_status').on(t.status)],
);

/**
 * The stored-value ledger: every balance change is a row carrying the balance after it, which can
 * never go below zero; `source` (an event id, a reward's key) makes each change apply once.
 */
export const ledgerEntries = sqliteTable(
  'ledger_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contactId: text('contact_id').notNull(),
    /** Positive credits, negative debits. */
    amount: real('amount').notNull(),
    balanceAfter: real('balance_after').notNull(),
    /** `purchase`, `bonus`, `reward`, `spend`. */
    reason: text('reason').notNull(),
    source: text('source').notNull(),
    planId: text('plan_id'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('ledger_source').on(t.source, t.reason),
    index('ledger_contact').on(t.contactId, t.id),
    check('ledger_balance_not_negative', sql`${t.balanceAfter} >= 0`),
  ],
);

/** Something the butterfly hooks refused (unknown coupon, self-referral, overdraft, …), kept for ops. */
export const butterflyRefusals = sqliteTable(
  'butterfly_refusals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contactId: text('contact_id').notNull(),
    eventId: text('event_id').notNull(),
    eventType: text('event_type').notNull(),
    reason: text('reason').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('butterfly_refusals_contact').on(t.contactId)],
);

/** A saved segment: declarative rules over tags, attributes, membership and event counts. */
export const segments = sqliteTable('segments', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  match: text('match', { enum: ['all', 'any'] }).notNull().default('all'),
  rules: text('rules', { mode: 'json' }).$type<unknown[]>().notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** Enrolment of a segment into a journey, once or every `everyHours`; progress is kept as it goes. */
export const segmentEnrollments = sqliteTable(
  'segment_enrollments',
  {
    id: text('id').primaryKey(),
    segmentId: text('segment_id').notNull(),
    journeyId: text('journey_id').notNull(),
    /** Null: once. */
    everyHours: integer('every_hours'),
    status: text('status', { enum: SEGMENT_ENROLLMENT_STATUSES }).notNull(),
    /** Contact id the current pass has reached (ordered keyset), null before a pass starts. */
    cursor: text('cursor'),
    matched: integer('matched').notNull().default(0),
    enrolled: integer('enrolled').notNull().default(0),
    /** Contacts of the current pass the journey's re-entry rule kept out. */
    skipped: integer('skipped').notNull().default(0),
    nextRunAt: integer('next_run_at'),
    error: text('error'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('segment_enrollments_due').on(t.status, t.nextRunAt)],
);

/** Acquisition cost per source (entered in settings), for CAC before and after referral. */
export const sourceCosts = sqliteTable('source_costs', {
  source: text('source').primaryKey(),
  cost: real('cost').notNull(),
  currency: text('currency').notNull().default('CNY'),
  updatedAt: integer('updated_at').notNull(),
});
