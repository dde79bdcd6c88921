import type { OutboxMessage as StoredOutboxMessage } from '@journey/db';

/** An outbox message as a channel adapter receives it (and as the webhook adapter posts it). */
export type OutboxMessage = Omit<StoredOutboxMessage, 'attempts'>;

/**
 * Delivers outbox messages to the outside world (WeCom, SMS, email relays, …). `deliver` resolves once
 * the message is accepted and rejects to have it retried; the same `idempotencyKey` may arrive more
 * than once after a crash, and the receiver must treat repeats as one message.
 *
 * @example
 * ```ts
 * const logOnly: ChannelAdapter = { deliver: async (m, key) => console.log(key, m.channel, m.body) };
 * ```
 */
export interface ChannelAdapter {
  deliver(message: OutboxMessage, idempotencyKey: string): Promise<void>;
  /**
   * Optional: delivers many messages at once (each under its own `idempotencyKey`), for adapters that
   * can do it cheaper than one by one. Resolves to one result per message, in order.
   */
  deliverBatch?(messages: readonly OutboxMessage[]): Promise<PromiseSettledResult<void>[]>;
}
