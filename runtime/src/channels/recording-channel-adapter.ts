import type { Store } from '@journey/db';
import type { Clock } from '../runtime-contract.ts';
import type { ChannelAdapter, DeliveryAttempt, OutboxMessage } from './channel-adapter.ts';

/** The default adapter: sends nothing, records each delivery once in the store's deliveries (a repeated key is one). */
export class RecordingChannelAdapter implements ChannelAdapter {
  readonly honoursIdempotencyKey = true;
  readonly recordsOnly = true;
  readonly #store: Store;
  readonly #clock: Clock;

  constructor(store: Store, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  async deliver(message: OutboxMessage, { idempotencyKey }: DeliveryAttempt): Promise<void> {
    await this.#record([{ ...message, idempotencyKey }]);
  }

  async deliverBatch(messages: readonly OutboxMessage[]): Promise<PromiseSettledResult<void>[]> {
    await this.#record(messages);
    return messages.map(() => ({ status: 'fulfilled', value: undefined }));
  }

  #record(messages: readonly OutboxMessage[]): Promise<void> {
    const deliveries = messages.map((m) => ({ idempotencyKey: m.idempotencyKey, messageId: m.id, channel: m.channel, contactId: m.contactId }));
    return this.#store.outbox.recordDeliveries(deliveries, this.#clock.now());
  }
}
