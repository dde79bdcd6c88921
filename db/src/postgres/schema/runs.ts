import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { MESSAGE_PRIORITIES, MESSAGE_STATUSES, RUN_STATUSES } from '../../port/model.ts';
import { epochMs } from './columns.ts';

/**
 * See the SQLite `runs` (db/src/schema/runs.ts): the same table, column for column. Finished runs pile
 * up, so the due-run indexes are partial: each holds only the runs its queries look for.
 */
export const runs = pgTable(
  'runs',
  {
    id: text('id').primaryKey(),
    journeyId: text('journey_id').notNull(),
    version: integer('version').notNull(),
    contactId: text('contact_id').notNull(),
    status: text('status', { enum: RUN_STATUSES }).notNull(),
    nodeId: text('node_id').notNull(),
    wakeAt: epochMs('wake_at'),
    waitingFor: text('waiting_for'),
    waitingMatch: jsonb('waiting_match').$type<Record<string, unknown>>(),
    parkedAt: epochMs('parked_at'),
    resumeEventId: text('resume_event_id'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    context: jsonb('context').$type<Record<string, unknown>>().notNull().default({}),
    stepSeq: integer('step_seq').notNull().default(0),
    entryEventId: text('entry_event_id'),
    createdAt: epochMs('created_at').notNull(),
    updatedAt: epochMs('updated_at').notNull(),
    endedAt: epochMs('ended_at'),
    /** Why the run is held at its node (a reason code: frequency cap, quiet hours, …); it goes at `wake_at`. */
    holdReason: text('hold_reason'),
  },
  (t) => [
    // Waiting runs by wake-up time: woken runs (`wake_at <= now`), the next wake-up (`min(wake_at) > now`).
    index('runs_due').on(t.wakeAt).where(sql`${t.status} = 'waiting'`),
    // Active runs in keyset order: the sweeper's "active since (updated_at, id)" and its overdue scan.
    index('runs_active').on(t.updatedAt, t.id).where(sql`${t.status} = 'active'`),
    // The same two per journey: while some journey is paused, due runs are read journey by journey, so
    // the paused journeys' runs (possibly most of them) are never scanned.
    index('runs_active_by_journey').on(t.journeyId, t.updatedAt).where(sql`${t.status} = 'active'`),
    index('runs_waiting_by_journey').on(t.journeyId, t.wakeAt).where(sql`${t.status} = 'waiting'`),
    index('runs_journey_status').on(t.journeyId, t.status, t.nodeId),
    index('runs_contact').on(t.contactId, t.journeyId),
    index('runs_waiting_for').on(t.contactId, t.waitingFor),
  ],
);

export const steps = pgTable(
  'steps',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    runId: text('run_id').notNull(),
    journeyId: text('journey_id').notNull(),
    version: integer('version').notNull(),
    contactId: text('contact_id').notNull(),
    nodeId: text('node_id').notNull(),
    nodeType: text('node_type').notNull(),
    seq: integer('seq').notNull(),
    attempt: integer('attempt').notNull(),
    startedAt: epochMs('started_at').notNull(),
    endedAt: epochMs('ended_at').notNull(),
    outcome: text('outcome').notNull(),
    port: text('port'),
    error: text('error'),
    /** The reason code of a hold (`wait`) or of a skipped action (`next`), e.g. `consent.opted_out`. */
    reason: text('reason'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
  },
  (t) => [index('steps_run').on(t.runId, t.seq), index('steps_contact').on(t.contactId, t.id)],
);

export const messages = pgTable(
  'messages',
  {
    id: text('id').primaryKey(),
    runId: text('run_id').notNull(),
    journeyId: text('journey_id').notNull(),
    contactId: text('contact_id').notNull(),
    nodeId: text('node_id').notNull(),
    /** `message`: rendered for a person; `call`: a plugin's outside call, its payload as JSON in `body`. */
    kind: text('kind', { enum: ['message', 'call'] }).notNull().default('message'),
    channel: text('channel').notNull(),
    title: text('title').notNull().default(''),
    body: text('body').notNull(),
    /** `marketing` counts toward frequency caps; `transactional` passes them and counts toward nothing. */
    priority: text('priority', { enum: MESSAGE_PRIORITIES }).notNull().default('marketing'),
    status: text('status', { enum: MESSAGE_STATUSES }).notNull().default('pending'),
    idempotencyKey: text('idempotency_key').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: epochMs('next_attempt_at').notNull(),
    error: text('error'),
    /** The dispatcher delivering it now, and until when its claim holds; a dead dispatcher's claims run out. */
    claimedBy: text('claimed_by'),
    claimExpiresAt: epochMs('claim_expires_at'),
    /** When a delivery attempt began that has no recorded outcome yet (it may have reached the carrier). */
    deliveryStartedAt: epochMs('delivery_started_at'),
    createdAt: epochMs('created_at').notNull(),
    sentAt: epochMs('sent_at'),
  },
  (t) => [
    uniqueIndex('messages_idempotency').on(t.idempotencyKey),
    // Only the undelivered: the dispatcher's due batch, its next attempt time, the health backlog.
    index('messages_pending').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('messages_journey').on(t.journeyId, t.id),
    index('messages_contact').on(t.contactId, t.id),
    // The frequency caps' reads: a contact's recent marketing messages, per channel and time.
    index('messages_cap').on(t.contactId, t.channel, t.createdAt).where(sql`${t.kind} = 'message' AND ${t.priority} = 'marketing'`),
  ],
);

export const deliveries = pgTable('deliveries', {
  idempotencyKey: text('idempotency_key').primaryKey(),
  messageId: text('message_id').notNull(),
  channel: text('channel').notNull(),
  contactId: text('contact_id').notNull(),
  deliveredAt: epochMs('delivered_at').notNull(),
});

/** See the SQLite `leader_fences`. */
export const leaderFences = pgTable('leader_fences', {
  name: text('name').primaryKey(),
  token: bigint('token', { mode: 'number' }).notNull(),
  updatedAt: epochMs('updated_at').notNull(),
});
