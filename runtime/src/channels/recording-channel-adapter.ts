import type { Store } from '@journey/db';
import type { Clock } from '../runtime-contract.ts';
import type { ChannelAdapter, OutboxMessage } from './channel-adapter.ts';

/** The default adapter: sends nothing, records each delivery once in `deliveries`. */
export class RecordingChannelAdapter implements ChannelAdapter {
  readonly #insert;
  readonly #clock: Clock;

  constructor(store: Store, clock: Clock) {
    this.#clock = clock;
    this.#insert = store.sqlite.prepare(
      'INSERT OR IGNORE INTO deliveries (idempotency_key, message_id, channel, contact_id, delivered_at) VALUES (?, ?, ?, ?, ?)',
    );
  }

  async deliver(message: OutboxMessage, idempotencyKey: string): Promise<void> {
    this.#insert.run(idempotencyKey, message.id, message.channel, message.contactId, this.#clock.now());
  }
}
