import type { OutboxMessage as StoredOutboxMessage } from '@journey/db';

/** An outbox message as a channel adapter receives it (and as the webhook adapter posts it). */
export type OutboxMessage = Omit<StoredOutboxMessage, 'attempts'>;

/** What one delivery gets besides the message. */
export interface DeliveryAttempt {
  /** The same on every attempt of the message: the receiver drops repeats by it. */
  idempotencyKey: string;
  /** 1 on the first delivery attempt, then 2, 3, … */
  attempt: number;
  /** Aborted when the adapter's time limit passes; pass it to `fetch`. */
  signal: AbortSignal;
}

/**
 * Delivers outbox messages to the outside world (WeCom, SMS, email relays, …). `deliver` resolves once
 * the message is accepted and rejects to have it retried (a `PermanentDeliveryError` fails it at once).
 * After a crash the same `idempotencyKey` may arrive again: an adapter whose carrier treats a repeated
 * key as one message says so (`honoursIdempotencyKey`), and only its interrupted messages are sent
 * again; the others become `unknown` for an operator to resend or drop.
 *
 * @example
 * ```ts
 * const logOnly: ChannelAdapter = {
 *   honoursIdempotencyKey: true,
 *   deliver: async (m, { idempotencyKey }) => console.log(idempotencyKey, m.channel, m.body),
 * };
 * ```
 */
export interface ChannelAdapter {
  readonly honoursIdempotencyKey: boolean;
  /** True for an adapter that only records messages, so nobody receives them (the channel is not connected). */
  readonly recordsOnly?: boolean;
  /** How long one delivery may take before it is aborted and retried (default 10 000 ms). */
  readonly timeoutMs?: number;
  /** Delivery attempts before the message is `failed` (default 5). */
  readonly maxAttempts?: number;
  deliver(message: OutboxMessage, attempt: DeliveryAttempt): Promise<unknown>;
  /**
   * Optional: delivers many messages at once (each under its own `idempotencyKey`), for adapters that
   * can do it cheaper than one by one. Resolves to one result per message, in order.
   */
  deliverBatch?(messages: readonly OutboxMessage[]): Promise<PromiseSettledResult<void>[]>;
}

/**
 * The adapter of each channel: those registered by name (a plugin's channels, a carrier's), else the
 * default one (the recording adapter, or the operator's `CHANNEL_WEBHOOK_URL` relay).
 *
 * @example
 * ```ts
 * const channels = new ChannelAdapters(new RecordingChannelAdapter(store, clock));
 * channels.register('points/ledger', pointsLedger);
 * channels.for('sms'); // the recording adapter
 * channels.delivers('sms'); // false: nobody receives what it records
 * ```
 */
export class ChannelAdapters {
  readonly #byChannel = new Map<string, ChannelAdapter>();

  constructor(readonly fallback: ChannelAdapter) {}

  register(channel: string, adapter: ChannelAdapter): void {
    if (this.#byChannel.has(channel)) throw new Error(`Channel "${channel}" already has an adapter`);
    this.#byChannel.set(channel, adapter);
  }

  for(channel: string): ChannelAdapter {
    return this.#byChannel.get(channel) ?? this.fallback;
  }

  /** Whether messages on `channel` reach people: its adapter is not one that only records them. */
  delivers(channel: string): boolean {
    return !this.for(channel).recordsOnly;
  }
}
