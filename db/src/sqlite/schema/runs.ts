import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { MESSAGE_PRIORITIES, MESSAGE_STATUSES, RUN_STATUSES } from '../../port/model.ts';

/**
 * One contact in one journey version. The database is the truth: a run is due when it is
 * `active` or `waiting` with `wakeAt <= now`, whatever any queue holds.
 */
export const runs = sqliteTable(
  'runs',
  {
    id: text('id').primaryKey(),
    journeyId: text('journey_id').notNull(),
    version: integer('version').notNull(),
    contactId: text('contact_id').notNull(),
    status: text('status', { enum: RUN_STATUSES }).notNull(),
    nodeId: text('node_id').notNull(),
    /** When the run is next due (epoch ms); null while it waits only for an event. */
    wakeAt: integer('wake_at'),
    /** The event type the run waits for at its node, if any. */
    waitingFor: text('waiting_for'),
    waitingMatch: text('waiting_match', { mode: 'json' }).$type<Record<string, unknown>>(),
    /** Set while the run is parked by its node's own wait: its next execution is a resume, not a first visit. */
    parkedAt: integer('parked_at'),
    /** The event that resumes a parked run; set with status `active` by the event processor. */
    resumeEventId: text('resume_event_id'),
    /** Attempts of the current step; back to 0 when a step succeeds. */
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    context: text('context', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
    /** Steps taken so far; part of every effect's idempotency key. */
    stepSeq: integer('step_seq').notNull().default(0),
    entryEventId: text('entry_event_id'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    endedAt: integer('ended_at'),
    /** Why the run is held at its node (a reason code: frequency cap, quiet hours, …); it goes at `wake_at`. */
    holdReason: text('hold_reason'),
  },
  (t) => [
    index('runs_due').on(t.status, t.wakeAt),
    index('runs_journey_status').on(t.journeyId, t.status, t.nodeId),
    index('runs_contact').on(t.contactId, t.journeyId),
    index('runs_waiting_for').on(t.contactId, t.waitingFor),
  ],
);

/** One executed step of a run, for the contact's timeline and for ops. */
export const steps = sqliteTable(
  'steps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    runId: text('run_id').notNull(),
    journeyId: text('journey_id').notNull(),
    version: integer('version').notNull(),
    contactId: text('contact_id').notNull(),
    nodeId: text('node_id').notNull(),
    nodeType: text('node_type').notNull(),
    seq: integer('seq').notNull(),
    attempt: integer('attempt').notNull(),
    startedAt: integer('started_at').notNull(),
    endedAt: integer('ended_at').notNull(),
    /** `next` (left by `port`), `wait`, `end`, `error`, `exit_event`, `skipped`. */
    outcome: text('outcome').notNull(),
    port: text('port'),
    error: text('error'),
    /** The reason code of a hold (`wait`) or of a skipped action (`next`), e.g. `consent.opted_out`. */
    reason: text('reason'),
    /** JSON: what the node said about its decision (a condition's deciding rule and values). */
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('steps_run').on(t.runId, t.seq), index('steps_contact').on(t.contactId, t.id)],
);

/** The outbox: written with the step, delivered once by the dispatcher through a channel adapter. */
export const messages = sqliteTable(
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
    /** `<runId>:<nodeId>:<step>`: the same step can never write or deliver a second message. */
    idempotencyKey: text('idempotency_key').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    error: text('error'),
    /** The dispatcher delivering it now, and until when its claim holds; a dead dispatcher's claims run out. */
    claimedBy: text('claimed_by'),
    claimExpiresAt: integer('claim_expires_at'),
    /** When a delivery attempt began that has no recorded outcome yet (it may have reached the carrier). */
    deliveryStartedAt: integer('delivery_started_at'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
  },
  (t) => [
    uniqueIndex('messages_idempotency').on(t.idempotencyKey),
    index('messages_pending').on(t.status, t.nextAttemptAt),
    index('messages_journey').on(t.journeyId, t.id),
    index('messages_contact').on(t.contactId, t.id),
    // The frequency caps' reads: a contact's recent marketing messages, per channel and time.
    index('messages_cap').on(t.contactId, t.channel, t.createdAt).where(sql`${t.kind} = 'message' AND ${t.priority} = 'marketing'`),
  ],
);

/** What the built-in recording channel adapter delivered; one row per idempotency key. */
export const deliveries = sqliteTable(
  'deliveries',
  {
    idempotencyKey: text('idempotency_key').primaryKey(),
    messageId: text('message_id').notNull(),
    channel: text('channel').notNull(),
    contactId: text('contact_id').notNull(),
    deliveredAt: integer('delivered_at').notNull(),
  },
);

/**
 * The highest fencing token that has written for a leader lease: leader-only transactions raise it to
 * their lease's token and are refused when a newer leader has already written.
 */
export const leaderFences = sqliteTable('leader_fences', {
  name: text('name').primaryKey(),
  token: integer('token').notNull(),
  updatedAt: integer('updated_at').notNull(),
});
