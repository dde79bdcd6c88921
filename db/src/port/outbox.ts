import type { MessagePriority } from '@journey/nodes';
import type { MessageRecord, MessageStatus } from './model.ts';
import type { Page, PageQuery } from './paging.ts';

/** An outbox message as the dispatcher delivers it. */
export interface OutboxMessage {
  id: string;
  runId: string;
  journeyId: string;
  contactId: string;
  nodeId: string;
  channel: string;
  title: string;
  body: string;
  idempotencyKey: string;
  /** `transactional` (an order notice, a code just issued) or `marketing`: a carrier may route them apart (SMS templates, WeCom). */
  priority: MessagePriority;
  createdAt: number;
  /** Delivery attempts made so far. */
  attempts: number;
}

/** A message a dispatcher claimed for delivery. */
export interface ClaimedMessage extends OutboxMessage {
  /**
   * A delivery of it began before and its outcome was never recorded (the process delivering it died):
   * it may have reached the carrier.
   */
  interrupted: boolean;
}

/**
 * How one delivery attempt ended; `unknown`: it may or may not have reached a carrier that cannot tell
 * a repeat, so an operator decides (resend or drop).
 */
export type DeliveryOutcome =
  | { id: string; outcome: 'sent' }
  | { id: string; outcome: 'retry'; error: string; nextAttemptAt: number }
  | { id: string; outcome: 'failed'; error: string }
  | { id: string; outcome: 'unknown'; error: string }
  | { id: string; outcome: 'pending_confirmation' };

/** A delivery the built-in recording channel made: one per idempotency key. */
export interface RecordedDelivery {
  idempotencyKey: string;
  messageId: string;
  channel: string;
  contactId: string;
}

export interface MessageFilter {
  journeyId?: string | undefined;
  contactId?: string | undefined;
  channel?: string | undefined;
  status?: MessageStatus | undefined;
}

/**
 * The outbox (messages written with their steps) and its delivery. A dispatcher claims messages before
 * delivering them (an owner and an expiry: no other dispatcher takes them meanwhile, and a dead one's
 * claims run out), marks a delivery started where the carrier cannot tell repeats, and records each
 * outcome as it completes.
 *
 * @example
 * ```ts
 * const batch = await store.outbox.claim('host-1:4242', now, 64, 15_000);
 * await store.outbox.record([{ id: batch[0].id, outcome: 'sent' }], now, 'host-1:4242');
 * ```
 */
export interface OutboxRepository {
  /**
   * Claims up to `limit` pending messages due at `now` (earliest first) that nobody holds or whose claim
   * ran out, for `owner` until `now + ttlMs`.
   */
  claim(owner: string, now: number, limit: number, ttlMs: number): Promise<ClaimedMessage[]>;
  /** Extends `owner`'s claims on messages it has not recorded yet until `until`. */
  renewClaims(owner: string, until: number): Promise<void>;
  /** Notes that a delivery of these messages (claimed by `owner`) begins now; a crash then leaves them `interrupted`. */
  startDelivery(ids: readonly string[], owner: string, now: number): Promise<void>;
  /**
   * Records delivery outcomes of messages `owner` claims (others are left as they are: their claim was
   * lost); each counts one attempt and ends the claim.
   */
  record(outcomes: readonly DeliveryOutcome[], now: number, owner: string): Promise<void>;
  /** An operator's decision on a message whose outcome is `unknown`: send it again now, or drop it (failed). False when it is not unknown. */
  resolveUnknown(id: string, decision: 'resend' | 'drop', now: number): Promise<boolean>;
  /**
   * Ends a `pending_confirmation` message as the carrier reported it: `sent` (at `now`) or `failed` with the
   * reason. False when the message is not awaiting confirmation (settled already, or unknown).
   */
  settle(id: string, outcome: { status: 'sent' } | { status: 'failed'; error: string }, now: number): Promise<boolean>;
  /** The earliest retry after `now`, or null. */
  nextAttemptAt(now: number): Promise<number | null>;
  hasPending(): Promise<boolean>;
  /** Pending messages due at `now`. */
  countDue(now: number): Promise<number>;
  /** The outbox, newest first. */
  list(filter: MessageFilter, page: PageQuery): Promise<Page<MessageRecord>>;
  get(id: string): Promise<MessageRecord | undefined>;
  /** Records deliveries of the built-in recording channel; a key recorded before is left as it was. */
  recordDeliveries(deliveries: readonly RecordedDelivery[], now: number): Promise<void>;
}
