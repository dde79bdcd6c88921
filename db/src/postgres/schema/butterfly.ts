import { sql } from 'drizzle-orm';
import { bigint, boolean, check, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { PLAN_KINDS, SEGMENT_ENROLLMENT_STATUSES } from '../../port/model.ts';
import { epochMs } from './columns.ts';

// See the SQLite tables (db/src/schema/butterfly.ts): the same tables, column for column. Amounts are
// double precision, as SQLite's REAL is, until money is made exact in both stores.

export const offers = pgTable(
  'offers',
  {
    id: text('id').primaryKey(),
    code: text('code').notNull(),
    contactId: text('contact_id').notNull(),
    journeyId: text('journey_id').notNull(),
    runId: text('run_id').notNull(),
    nodeId: text('node_id').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    value: doublePrecision('value').notNull(),
    /** A coupon's minimum spend (满 threshold 减 value); 0 = none. */
    threshold: doublePrecision('threshold').notNull().default(0),
    currency: text('currency').notNull(),
    expiresAt: epochMs('expires_at').notNull(),
    redeemedAt: epochMs('redeemed_at'),
    redeemEventId: text('redeem_event_id'),
    idempotencyKey: text('idempotency_key').notNull(),
    createdAt: epochMs('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('offers_code').on(t.code),
    uniqueIndex('offers_idempotency').on(t.idempotencyKey),
    index('offers_contact').on(t.contactId, t.createdAt),
    index('offers_journey').on(t.journeyId),
  ],
);

export const referralCodes = pgTable(
  'referral_codes',
  {
    contactId: text('contact_id').primaryKey(),
    code: text('code').notNull(),
    createdAt: epochMs('created_at').notNull(),
  },
  (t) => [uniqueIndex('referral_codes_code').on(t.code)],
);

export const referrals = pgTable(
  'referrals',
  {
    inviteeId: text('invitee_id').primaryKey(),
    referrerId: text('referrer_id').notNull(),
    code: text('code').notNull(),
    eventId: text('event_id').notNull(),
    createdAt: epochMs('created_at').notNull(),
  },
  (t) => [index('referrals_referrer').on(t.referrerId)],
);

export const referralQualifications = pgTable(
  'referral_qualifications',
  {
    referrerId: text('referrer_id').notNull(),
    inviteeId: text('invitee_id').notNull(),
    eventType: text('event_type').notNull(),
    createdAt: epochMs('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.inviteeId, t.eventType] }), index('referral_qualifications_referrer').on(t.referrerId, t.eventType)],
);

export const rewards = pgTable(
  'rewards',
  {
    id: text('id').primaryKey(),
    contactId: text('contact_id').notNull(),
    journeyId: text('journey_id').notNull(),
    runId: text('run_id').notNull(),
    nodeId: text('node_id').notNull(),
    kind: text('kind').notNull(),
    amount: doublePrecision('amount').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    createdAt: epochMs('created_at').notNull(),
  },
  (t) => [uniqueIndex('rewards_idempotency').on(t.idempotencyKey), index('rewards_contact').on(t.contactId)],
);

export const membershipPlans = pgTable('membership_plans', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: PLAN_KINDS }).notNull(),
  price: doublePrecision('price').notNull(),
  currency: text('currency').notNull().default('CNY'),
  tier: text('tier'),
  durationDays: integer('duration_days'),
  benefits: jsonb('benefits').$type<string[]>().notNull().default([]),
  bonus: doublePrecision('bonus').notNull().default(0),
  archived: boolean('archived').notNull().default(false),
  createdAt: epochMs('created_at').notNull(),
  updatedAt: epochMs('updated_at').notNull(),
});

export const memberships = pgTable(
  'memberships',
  {
    contactId: text('contact_id').notNull(),
    planId: text('plan_id').notNull(),
    tier: text('tier').notNull(),
    status: text('status', { enum: ['active', 'expired'] }).notNull(),
    startedAt: epochMs('started_at').notNull(),
    expiresAt: epochMs('expires_at').notNull(),
    purchases: integer('purchases').notNull().default(1),
    updatedAt: epochMs('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.planId] }), index('memberships_status').on(t.status)],
);

export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    contactId: text('contact_id').notNull(),
    amount: doublePrecision('amount').notNull(),
    balanceAfter: doublePrecision('balance_after').notNull(),
    reason: text('reason').notNull(),
    source: text('source').notNull(),
    planId: text('plan_id'),
    createdAt: epochMs('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('ledger_source').on(t.source, t.reason),
    index('ledger_contact').on(t.contactId, t.id),
    check('ledger_balance_not_negative', sql`${t.balanceAfter} >= 0`),
  ],
);

export const butterflyRefusals = pgTable(
  'butterfly_refusals',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    contactId: text('contact_id').notNull(),
    eventId: text('event_id').notNull(),
    eventType: text('event_type').notNull(),
    reason: text('reason').notNull(),
    createdAt: epochMs('created_at').notNull(),
  },
  (t) => [index('butterfly_refusals_contact').on(t.contactId)],
);

export const segments = pgTable('segments', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  match: text('match', { enum: ['all', 'any'] }).notNull().default('all'),
  rules: jsonb('rules').$type<unknown[]>().notNull(),
  createdAt: epochMs('created_at').notNull(),
  updatedAt: epochMs('updated_at').notNull(),
});

export const segmentEnrollments = pgTable(
  'segment_enrollments',
  {
    id: text('id').primaryKey(),
    segmentId: text('segment_id').notNull(),
    journeyId: text('journey_id').notNull(),
    everyHours: integer('every_hours'),
    status: text('status', { enum: SEGMENT_ENROLLMENT_STATUSES }).notNull(),
    cursor: text('cursor'),
    matched: integer('matched').notNull().default(0),
    enrolled: integer('enrolled').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    nextRunAt: epochMs('next_run_at'),
    error: text('error'),
    createdAt: epochMs('created_at').notNull(),
    updatedAt: epochMs('updated_at').notNull(),
  },
  (t) => [index('segment_enrollments_due').on(t.status, t.nextRunAt)],
);

export const sourceCosts = pgTable('source_costs', {
  source: text('source').primaryKey(),
  cost: doublePrecision('cost').notNull(),
  currency: text('currency').notNull().default('CNY'),
  updatedAt: epochMs('updated_at').notNull(),
});
