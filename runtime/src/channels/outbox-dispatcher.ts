import type { DeliveryOutcome, Store } from '@journey/db';
import { retryDelay } from '@journey/nodes/engine';
import type { PassResult } from '../queue/work-loop.ts';
import type { ChannelAdapter, OutboxMessage } from './channel-adapter.ts';

export interface OutboxDispatcherOptions {
  store: Store;
  channel: ChannelAdapter;
  /** Delivery attempts before a message is `failed` (default 5). */
  maxAttempts?: number;
  /** Messages delivered per pass (default 500). */
  batchSize?: number;
  /** Deliveries in flight at once (default 16). */
  concurrency?: number;
  random?: () => number;
}

/**
 * Delivers pending outbox messages through the channel adapter: `sent` with `sentAt` on success,
 * otherwise retried with exponential back-off, `failed` with the error after the last attempt.
 */
export class OutboxDispatcher {
  readonly #options: Required<Omit<OutboxDispatcherOptions, 'random'>> & Pick<OutboxDispatcherOptions, 'random'>;

  constructor(options: OutboxDispatcherOptions) {
    this.#options = { maxAttempts: 5, batchSize: 500, concurrency: 16, ...options };
  }

  hasPending(): Promise<boolean> {
    return this.#options.store.outbox.hasPending();
  }

  /** Delivers one batch of due messages and records the results together. */
  async dispatchBatch(now: number): Promise<PassResult> {
    const { channel, batchSize, concurrency, maxAttempts, store, random } = this.#options;
    const batch = await store.outbox.due(now, batchSize);
    const messages = batch.map(({ attempts: _attempts, ...message }) => message);
    const results = channel.deliverBatch ? await channel.deliverBatch(messages) : await deliverEach(channel, messages, concurrency);
    const outcomes = batch.map((message, i): DeliveryOutcome => {
      const result = results[i]!;
      if (result.status === 'fulfilled') return { id: message.id, outcome: 'sent' };
      const error = result.reason instanceof Error ? result.reason.message : String(result.reason);
      const attempt = message.attempts + 1;
      return attempt >= maxAttempts ? { id: message.id, outcome: 'failed', error } : { id: message.id, outcome: 'retry', error, nextAttemptAt: now + retryDelay(attempt, random) };
    });
    if (outcomes.length > 0) await store.outbox.record(outcomes, now);
    return { more: batch.length === batchSize, nextAt: await store.outbox.nextAttemptAt(now) };
  }
}

/** Delivers one message at a time per lane, `concurrency` lanes. */
async function deliverEach(
  channel: ChannelAdapter,
  messages: readonly OutboxMessage[],
  concurrency: number,
): Promise<PromiseSettledResult<void>[]> {
  const results: PromiseSettledResult<void>[] = [];
  let next = 0;
  const lane = async () => {
    while (next < messages.length) {
      const i = next++;
      const message = messages[i]!;
      results[i] = await channel.deliver(message, message.idempotencyKey).then(
        (value) => ({ status: 'fulfilled', value }) as const,
        (reason: unknown) => ({ status: 'rejected', reason }) as const,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, messages.length) }, lane));
  return results;
}
