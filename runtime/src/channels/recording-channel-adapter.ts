import type { Store } from '@journey/db';
import type { Clock } from '../runtime-contract.ts';
import type { ChannelAdapter, OutboxMessage } from './channel-adapter.ts';

/** The default adapter: sends nothing, records each delivery once in `deliveries`. */
export class RecordingChannelAdapter implements ChannelAdapter {
  readonly #record: (messages: readonly OutboxMessage[], keys: readonly string[]) => void;
  readonly #clock: Clock;

  constructor(store: Store, clock: Clock) {
    this.#clock = clock;
    const insert = store.sqlite.prepare(
      'INSERT OR IGNORE INTO deliveries (idempotency_key, message_id, channel, contact_id, delivered_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.#record = store.sqlite.transaction((messages: readonly OutboxMessage[], keys: readonly string[]) => {
      const now = this.#clock.now();
      messages.forEach((m, i) => insert.run(keys[i], m.id, m.channel, m.contactId, now));
    });
  }

  async deliver(message: OutboxMessage, idempotencyKey: string): Promise<void> {
    this.#record([message], [idempotencyKey]);
  }

  async deliverBatch(messages: readonly OutboxMessage[]): Promise<PromiseSettledResult<void>[]> {
    this.#record(messages, messages.map((m) => m.idempotencyKey));
    return messages.map(() => ({ status: 'fulfilled', value: undefined }));
  }
}
