import type Database from 'better-sqlite3';
import { newId } from '../ids.ts';
import type { IngestResult, NewEvent, StoredEvent } from '../port/events.ts';
import type { SqlContext } from '../sql/context.ts';
import { SqlEventRepository, storedOnly } from '../sql/events.ts';
import { onConnection, type ConnectionGate } from './connection-gate.ts';

const INSERT_EVENTS = 'INSERT OR IGNORE INTO events (id, contact_id, type, properties, timestamp, received_at, message_id) VALUES';
const EVENT_VALUES = '(?, ?, ?, ?, ?, ?, ?)';
const EVENT_WIDTH = 7;
/** Events written per INSERT statement: one call binding many rows is cheaper than many calls. */
const EVENT_CHUNK = 100;

type EventRow = [id: string, contactId: string, type: string, properties: string, timestamp: number, receivedAt: number];

/** The hot statements of events, prepared once per connection. */
export function prepareEventStatements(db: Database.Database) {
  return {
    createContacts: db.prepare(
      `INSERT OR IGNORE INTO contacts (id, name, attributes, created_at, updated_at) SELECT value, NULL, '{}', ?, ? FROM json_each(?)`,
    ),
    insertEvents: db.prepare(`${INSERT_EVENTS} ${Array(EVENT_CHUNK).fill(EVENT_VALUES).join(', ')}`),
    insertEvent: db.prepare(`${INSERT_EVENTS} ${EVENT_VALUES}`),
    // Only a messageId seen before makes an insert be ignored; then this names the events that were stored.
    storedOf: db.prepare<[string], string>('SELECT id FROM events WHERE id IN (SELECT value FROM json_each(?))').pluck(),
    // Rows as arrays: better-sqlite3 builds them several times faster than objects with named keys.
    unprocessed: db
      .prepare<[number], EventRow>('SELECT id, contact_id, type, properties, timestamp, received_at FROM events WHERE processed_at IS NULL ORDER BY id LIMIT ?')
      .raw(),
    markProcessed: db.prepare('UPDATE events SET processed_at = ? WHERE id IN (SELECT value FROM json_each(?))'),
  };
}
type EventStatements = ReturnType<typeof prepareEventStatements>;

/** Events on SQLite: ingestion and the backlog as prepared statements, each call one synchronous transaction. */
export class SqliteEventRepository extends SqlEventRepository {
  readonly #db: Database.Database;
  readonly #s: EventStatements;
  readonly #gate: ConnectionGate | null;

  constructor(ctx: SqlContext, db: Database.Database, prepared: EventStatements, gate: ConnectionGate | null) {
    super(ctx);
    this.#db = db;
    this.#s = prepared;
    this.#gate = gate;
  }

  ingest(events: readonly NewEvent[], now: number): Promise<IngestResult> {
    return onConnection(this.#gate, () =>
      this.#db.transaction(() => {
        const s = this.#s;
        s.createContacts.run(now, now, JSON.stringify([...new Set(events.map((e) => e.contactId))]));
        const ids: string[] = [];
        const values: unknown[] = [];
        for (const event of events) {
          const id = newId('evt');
          ids.push(id);
          values.push(id, event.contactId, event.type, JSON.stringify(event.properties), event.timestamp, now, event.messageId);
        }
        const chunk = EVENT_CHUNK * EVENT_WIDTH;
        let changes = 0;
        let at = 0;
        for (; at + chunk <= values.length; at += chunk) changes += s.insertEvents.run(values.slice(at, at + chunk)).changes;
        for (; at < values.length; at += EVENT_WIDTH) changes += s.insertEvent.run(values.slice(at, at + EVENT_WIDTH)).changes;
        if (changes === ids.length) return { ids, stored: ids.map((_, i) => i), duplicates: 0 };
        const stored = new Set(s.storedOf.all(JSON.stringify(ids)));
        return storedOnly(ids, stored);
      })(),
    );
  }

  unprocessed(limit: number): Promise<StoredEvent[]> {
    return onConnection(this.#gate, () =>
      this.#s.unprocessed.all(limit).map(([id, contactId, type, properties, timestamp, receivedAt]) => ({
        id,
        contactId,
        type,
        properties: JSON.parse(properties) as Record<string, unknown>,
        timestamp,
        receivedAt,
      })),
    );
  }

  markProcessed(ids: readonly string[], now: number): Promise<void> {
    return onConnection(this.#gate, () => void this.#s.markProcessed.run(now, JSON.stringify(ids)));
  }
}
