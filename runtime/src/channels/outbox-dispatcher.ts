import type { Store } from '@journey/db';
import { retryDelay } from '../engine/advance-run.ts';
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
  readonly #statements;

  constructor(options: OutboxDispatcherOptions) {
    this.#options = { maxAttempts: 5, batchSize: 500, concurrency: 16, ...options };
    const db = options.store.sqlite;
    this.#statements = {
      pending: db.prepare<[number, number], OutboxMessage & { attempts: number }>(
        `SELECT id, run_id AS runId, journey_id AS journeyId, contact_id AS contactId, node_id AS nodeId, channel, title, body,
           idempotency_key AS idempotencyKey, created_at AS createdAt, attempts
         FROM messages WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?`,
      ),
      nextAttempt: db.prepare<[number], { at: number | null }>(
        `SELECT MIN(next_attempt_at) AS at FROM messages WHERE status = 'pending' AND next_attempt_at > ?`,
      ),
      anyPending: db.prepare(`SELECT 1 FROM messages WHERE status = 'pending' LIMIT 1`).pluck(),
      sent: db.prepare(`UPDATE messages SET status = 'sent', sent_at = ?, attempts = attempts + 1, error = NULL WHERE id = ?`),
      retry: db.prepare(`UPDATE messages SET attempts = attempts + 1, next_attempt_at = ?, error = ? WHERE id = ?`),
      failed: db.prepare(`UPDATE messages SET status = 'failed', attempts = attempts + 1, error = ? WHERE id = ?`),
    };
  }

  hasPending(): boolean {
    return this.#statements.anyPending.get() !== undefined;
  }

  /** Delivers one batch of due messages and records the results in one transaction. */
  async dispatchBatch(now: number): Promise<PassResult> {
    const { channel, batchSize, concurrency, maxAttempts, store, random } = this.#options;
    const s = this.#statements;
    const batch = s.pending.all(now, batchSize);
    const messages = batch.map(({ attempts: _attempts, ...message }) => message);
    const results = channel.deliverBatch ? await channel.deliverBatch(messages) : await deliverEach(channel, messages, concurrency);
    store.sqlite.transaction(() => {
      batch.forEach((message, i) => {
        const result = results[i]!;
        const error = result.status === 'rejected' ? (result.reason instanceof Error ? result.reason.message : String(result.reason)) : undefined;
        const attempt = message.attempts + 1;
        if (error === undefined) s.sent.run(now, message.id);
        else if (attempt >= maxAttempts) s.failed.run(error, message.id);
        else s.retry.run(now + retryDelay(attempt, random), error, message.id);
      });
    })();
    return { more: batch.length === batchSize, nextAt: s.nextAttempt.get(now)?.at ?? null };
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
