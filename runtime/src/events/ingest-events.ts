import { newId, type Store } from '@journey/db';
import type { ParsedEventInput } from '../runtime-contract.ts';

/**
 * Stores events and creates their unknown contacts in one transaction. An event whose `messageId` was
 * seen before is not stored again. Built once per store: its statements are prepared up front.
 *
 * @example
 * ```ts
 * const ingest = eventIngestor(store);
 * ingest([{ contactId: 'u1', type: 'contact.acquired', properties: { source: 'douyin_live' } }], Date.now());
 * ```
 */
export function eventIngestor(store: Store): (events: readonly ParsedEventInput[], now: number) => { ids: string[]; duplicates: number } {
  const createContact = store.sqlite.prepare(
    `INSERT OR IGNORE INTO contacts (id, name, attributes, created_at, updated_at) VALUES (?, NULL, '{}', ?, ?)`,
  );
  const insertEvent = store.sqlite.prepare(
    `INSERT OR IGNORE INTO events (id, contact_id, type, properties, timestamp, received_at, message_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  return store.sqlite.transaction((events: readonly ParsedEventInput[], now: number) => {
    const ids: string[] = [];
    let duplicates = 0;
    for (const event of events) {
      createContact.run(event.contactId, now, now);
      const id = newId('evt');
      const timestamp = typeof event.timestamp === 'string' ? Date.parse(event.timestamp) : (event.timestamp ?? now);
      const stored = insertEvent.run(id, event.contactId, event.type, JSON.stringify(event.properties), timestamp, now, event.messageId ?? null);
      if (stored.changes === 0) duplicates++;
      else ids.push(id);
    }
    return { ids, duplicates };
  });
}
