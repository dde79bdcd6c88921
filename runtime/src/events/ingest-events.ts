import { newId, type Store } from '@journey/db';
import type { ParsedEventInput } from '../runtime-contract.ts';

const INSERT_EVENTS = 'INSERT OR IGNORE INTO events (id, contact_id, type, properties, timestamp, received_at, message_id) VALUES';
const EVENT_VALUES = '(?, ?, ?, ?, ?, ?, ?)';
const EVENT_WIDTH = 7;
/** Events written per INSERT statement: one call binding many rows is cheaper than many calls. */
const EVENT_CHUNK = 100;

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
  const createContacts = store.sqlite.prepare(
    `INSERT OR IGNORE INTO contacts (id, name, attributes, created_at, updated_at) SELECT value, NULL, '{}', ?, ? FROM json_each(?)`,
  );
  const insertEvents = store.sqlite.prepare(`${INSERT_EVENTS} ${Array(EVENT_CHUNK).fill(EVENT_VALUES).join(', ')}`);
  const insertEvent = store.sqlite.prepare(`${INSERT_EVENTS} ${EVENT_VALUES}`);
  // Only a messageId seen before makes an insert be ignored; then this names the events that were stored.
  const storedOf = store.sqlite.prepare<[string], string>('SELECT id FROM events WHERE id IN (SELECT value FROM json_each(?))').pluck();
  return store.sqlite.transaction((events: readonly ParsedEventInput[], now: number) => {
    createContacts.run(now, now, JSON.stringify([...new Set(events.map((e) => e.contactId))]));
    const ids: string[] = [];
    const values: unknown[] = [];
    for (const event of events) {
      const id = newId('evt');
      ids.push(id);
      const timestamp = typeof event.timestamp === 'string' ? Date.parse(event.timestamp) : (event.timestamp ?? now);
      values.push(id, event.contactId, event.type, JSON.stringify(event.properties), timestamp, now, event.messageId ?? null);
    }
    const chunk = EVENT_CHUNK * EVENT_WIDTH;
    let changes = 0;
    let at = 0;
    for (; at + chunk <= values.length; at += chunk) changes += insertEvents.run(values.slice(at, at + chunk)).changes;
    for (; at < values.length; at += EVENT_WIDTH) changes += insertEvent.run(values.slice(at, at + EVENT_WIDTH)).changes;
    if (changes === ids.length) return { ids, duplicates: 0 };
    const stored = new Set(storedOf.all(JSON.stringify(ids)));
    return { ids: ids.filter((id) => stored.has(id)), duplicates: ids.length - stored.size };
  });
}
