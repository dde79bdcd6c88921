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
  createdAt: number;
  /** Delivery attempts made so far. */
  attempts: number;
}

/** How one delivery attempt ended. */
export type DeliveryOutcome =
  | { id: string; outcome: 'sent' }
  | { id: string; outcome: 'retry'; error: string; nextAttemptAt: number }
  | { id: string; outcome: 'failed'; error: string };

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
 * The outbox (messages written with their steps) and its delivery.
 *
 * @example
 * ```ts
 * const batch = await store.outbox.due(now, 500);
 * await store.outbox.record([{ id: batch[0].id, outcome: 'sent' }], now);
 * ```
 */
export interface OutboxRepository {
  /** Pending messages due for (re)delivery, earliest first. */
  due(now: number, limit: number): Promise<OutboxMessage[]>;
  /** Records delivery outcomes; each counts one attempt. */
  record(outcomes: readonly DeliveryOutcome[], now: number): Promise<void>;
  /** The earliest retry after `now`, or null. */
  nextAttemptAt(now: number): Promise<number | null>;
  hasPending(): Promise<boolean>;
  /** Pending messages due at `now`. */
  countDue(now: number): Promise<number>;
  /** The outbox, newest first. */
  list(filter: MessageFilter, page: PageQuery): Promise<Page<MessageRecord>>;
  /** Records deliveries of the built-in recording channel; a key recorded before is left as it was. */
  recordDeliveries(deliveries: readonly RecordedDelivery[], now: number): Promise<void>;
}
