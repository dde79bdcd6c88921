import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { ClaimedMessage, DeliveryOutcome, Store } from '@journey/db';
import { retryDelay } from '@journey/nodes/engine';
import { isAwaitingConfirmation, PermanentDeliveryError } from '@journey/nodes/sdk';
import type { LeaderFence } from '../queue/leader-fence.ts';
import type { PassResult } from '../queue/work-loop.ts';
import type { Clock } from '../runtime-contract.ts';
import type { ChannelAdapter, ChannelAdapters, OutboxMessage } from './channel-adapter.ts';

/** How long a claim holds without renewal; a dead dispatcher's messages return after it. */
export const OUTBOX_CLAIM_MS = 15_000;
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_ATTEMPTS = 5;

export interface OutboxDispatcherOptions {
  store: Store;
  channels: ChannelAdapters;
  clock: Clock;
  /** Where several processes share the store: only the lease holder claims. */
  fence?: LeaderFence | undefined;
  /** Messages claimed per pass for adapters that deliver in batches (default 500). */
  batchSize?: number;
  /**
   * Deliveries in flight at once for adapters that deliver one by one (default 64: a relay 50 ms away
   * then takes 1,280 messages a second; 16 lanes would cap it at 320).
   */
  concurrency?: number;
  random?: () => number;
}

/**
 * Delivers pending outbox messages through their channel's adapter. It claims a batch (an owner and an
 * expiry, renewed while it works), delivers, and records each outcome as it completes (in group commits):
 * `sent`, else retried with exponential back-off, `failed` after the last attempt. So after a crash at
 * most the deliveries in flight (one per lane) and the outcomes of one write are repeated, under the same
 * idempotency key; for a carrier that
 * cannot tell repeats, the delivery is marked started first and an interrupted one becomes `unknown`.
 */
export class OutboxDispatcher {
  readonly #options: Required<Omit<OutboxDispatcherOptions, 'random' | 'fence'>> & Pick<OutboxDispatcherOptions, 'random' | 'fence'>;
  /** This dispatcher's name on its claims. */
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(options: OutboxDispatcherOptions) {
    this.#options = { batchSize: 500, concurrency: 64, ...options };
  }

  hasPending(): Promise<boolean> {
    return this.#options.store.outbox.hasPending();
  }

  /** Claims one batch of due messages, delivers it, and records every outcome. */
  async dispatchBatch(now: number): Promise<PassResult> {
    const { store, fence, batchSize, concurrency } = this.#options;
    // Adapters that deliver one by one get a few batches' worth of lanes, so a claim outlives its deliveries.
    const limit = this.#options.channels.fallback.deliverBatch ? batchSize : concurrency * 4;
    const claimed = fence
      ? await store.transaction(async (tx) => {
          await fence.check(tx);
          return tx.outbox.claim(this.owner, now, limit, OUTBOX_CLAIM_MS);
        })
      : await store.outbox.claim(this.owner, now, limit, OUTBOX_CLAIM_MS);
    if (claimed.length > 0) await this.#deliver(claimed, now);
    return { more: claimed.length === limit, nextAt: await store.outbox.nextAttemptAt(now) };
  }

  async #deliver(claimed: readonly ClaimedMessage[], now: number): Promise<void> {
    const { store, channels, clock, concurrency } = this.#options;
    const renewal = setInterval(() => void store.outbox.renewClaims(this.owner, clock.now() + OUTBOX_CLAIM_MS).catch(() => {}), OUTBOX_CLAIM_MS / 3);
    try {
      const byAdapter = new Map<ChannelAdapter, ClaimedMessage[]>();
      const cutOff: DeliveryOutcome[] = [];
      for (const message of claimed) {
        const adapter = channels.for(message.channel);
        if (message.interrupted && !adapter.honoursIdempotencyKey) {
          cutOff.push({ id: message.id, outcome: 'unknown', error: 'Its delivery was cut off and the carrier cannot tell a repeat: resend it or drop it' });
          continue;
        }
        byAdapter.set(adapter, [...(byAdapter.get(adapter) ?? []), message]);
      }
      if (cutOff.length > 0) await store.outbox.record(cutOff, now, this.owner);
      await Promise.all(
        [...byAdapter].map(([adapter, messages]) =>
          adapter.deliverBatch ? this.#deliverBatch(adapter, messages, now) : this.#deliverEach(adapter, messages, now, concurrency),
        ),
      );
    } finally {
      clearInterval(renewal);
    }
  }

  async #deliverBatch(adapter: ChannelAdapter, messages: readonly ClaimedMessage[], now: number): Promise<void> {
    const results = await adapter.deliverBatch!(messages.map(asAdapterMessage));
    await this.#options.store.outbox.record(
      messages.map((m, i) => this.#outcome(adapter, m, results[i]!, now)),
      now,
      this.owner,
    );
  }

  /**
   * One message at a time per lane, `concurrency` lanes. Outcomes are recorded as they complete, in group
   * commits: while one write is in flight, the outcomes completing meanwhile gather for the next (on
   * PostgreSQL every commit waits for its WAL flush; one per message would bound the rate by the disk).
   * A lane takes its next message only while fewer than `concurrency` outcomes wait for their write, so a
   * crash repeats at most two deliveries per lane: one in flight, one not yet recorded.
   */
  async #deliverEach(adapter: ChannelAdapter, messages: readonly ClaimedMessage[], now: number, concurrency: number): Promise<void> {
    const { store } = this.#options;
    const settled: DeliveryOutcome[] = [];
    const writes: Promise<void>[] = [];
    let unrecorded = 0;
    let writing = false;
    // `writing` is set when a write is scheduled and cleared synchronously after its loop, so an outcome
    // settled at any moment is either taken by the coming or running write or schedules the next one. A
    // write starts after the current turn of the event loop, so the answers that arrived in it go together.
    const writeSettled = async () => {
      try {
        while (settled.length > 0) {
          const batch = settled.splice(0);
          await store.outbox.record(batch, now, this.owner);
          unrecorded -= batch.length;
        }
      } finally {
        writing = false;
      }
    };
    const settle = async (outcome: DeliveryOutcome) => {
      settled.push(outcome);
      unrecorded++;
      if (!writing) {
        writing = true;
        writes.push(new Promise<void>((turnEnded) => setImmediate(turnEnded)).then(writeSettled));
      }
      while (unrecorded >= concurrency) await writes.at(-1);
    };
    let next = 0;
    const lane = async () => {
      while (next < messages.length) {
        const message = messages[next++]!;
        if (!adapter.honoursIdempotencyKey) await store.outbox.startDelivery([message.id], this.owner, now);
        const result = await adapter
          .deliver(asAdapterMessage(message), {
            idempotencyKey: message.idempotencyKey,
            attempt: message.attempts + 1,
            signal: AbortSignal.timeout(adapter.timeoutMs ?? DEFAULT_TIMEOUT_MS),
          })
          .then(
            (value) => ({ status: 'fulfilled', value }) as const,
            (reason: unknown) => ({ status: 'rejected', reason }) as const,
          );
        await settle(this.#outcome(adapter, message, result, now));
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, messages.length) }, lane));
    await Promise.all(writes);
  }

  #outcome(adapter: ChannelAdapter, message: ClaimedMessage, result: PromiseSettledResult<unknown>, now: number): DeliveryOutcome {
    if (result.status === 'fulfilled') return { id: message.id, outcome: isAwaitingConfirmation(result.value) ? 'pending_confirmation' : 'sent' };
    const error = result.reason instanceof Error ? result.reason.message : String(result.reason);
    const attempt = message.attempts + 1;
    if (result.reason instanceof PermanentDeliveryError || attempt >= (adapter.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)) return { id: message.id, outcome: 'failed', error };
    return { id: message.id, outcome: 'retry', error, nextAttemptAt: now + retryDelay(attempt, this.#options.random) };
  }
}

function asAdapterMessage({ attempts: _attempts, interrupted: _interrupted, ...message }: ClaimedMessage): OutboxMessage {
  return message;
}
