import { newId } from '../ids.ts';
import type { IngestResult, NewEvent, StoredEvent } from '../port/events.ts';
import type { SqlContext } from '../sql/context.ts';
import { SqlEventRepository, storedOnly } from '../sql/events.ts';
import { nulPathInValue, unstorableValue } from './nul-character.ts';
import type { PgSession } from './postgres-session.ts';
import { Bind } from './postgres-sql.ts';

/** The first U+0000 in the events, named by where it sits in the batch (`events[2].properties.note`). */
function assertStorable(events: readonly NewEvent[], properties: readonly string[]): void {
  for (const [i, event] of events.entries()) {
    for (const field of ['contactId', 'type', 'messageId'] as const) {
      if (event[field]?.includes('\u0000')) throw unstorableValue(`events[${i}].${field}`);
    }
    // JSON.stringify writes U+0000 as \u0000: only then is there anything to look for.
    const path = properties[i]!.includes('\\u0000') ? nulPathInValue(event.properties) : null;
    if (path !== null) throw unstorableValue(`events[${i}].properties${path}`);
  }
}

/**
 * Events on PostgreSQL: a batch is ingested in one statement (its unknown contacts created, events whose
 * messageId was stored before left out), the backlog read through its partial index in id order.
 */
export class PostgresEventRepository extends SqlEventRepository {
  readonly #session: PgSession;

  constructor(ctx: SqlContext, session: PgSession) {
    super(ctx);
    this.#session = session;
  }

  /**
   * Contacts are created in id order and events inserted in messageId order (the first of a repeated
   * messageId wins), so concurrent batches wait for each other's keys in one order rather than deadlock.
   */
  async ingest(events: readonly NewEvent[], now: number): Promise<IngestResult> {
    if (events.length === 0) return { ids: [], stored: [], duplicates: 0 };
    const ids = events.map(() => newId('evt'));
    const properties = events.map((e) => JSON.stringify(e.properties));
    assertStorable(events, properties);
    const b = new Bind();
    const at = b.value('now', now, 'bigint');
    const contactIds = b.value('events.contact_id', events.map((e) => e.contactId), 'text[]');
    const text = `WITH new_contacts AS (
        INSERT INTO contacts (id, name, attributes, created_at, updated_at)
        SELECT DISTINCT id, NULL::text, '{}'::jsonb, ${at}, ${at} FROM unnest(${contactIds}) AS c(id) ORDER BY id
        ON CONFLICT DO NOTHING),
      stored AS (
        INSERT INTO events (id, contact_id, type, properties, timestamp, received_at, message_id)
        SELECT id, contact_id, type, properties, timestamp, ${at}, message_id
        FROM unnest(${b.value('events.id', ids, 'text[]')}, ${contactIds}, ${b.value('events.type', events.map((e) => e.type), 'text[]')},
          ${b.value('events.properties', properties, 'jsonb[]')}, ${b.value('events.timestamp', events.map((e) => e.timestamp), 'bigint[]')},
          ${b.value('events.message_id', events.map((e) => e.messageId), 'text[]')}) WITH ORDINALITY
          AS e(id, contact_id, type, properties, timestamp, message_id, ord)
        ORDER BY message_id, ord
        ON CONFLICT DO NOTHING RETURNING id)
      SELECT id FROM stored`;
    const rows = await this.#session.rows<{ id: string }>({ name: 'events.ingest', text, ...b.statement() });
    if (rows.length === ids.length) return { ids, stored: ids.map((_, i) => i), duplicates: 0 };
    const stored = new Set(rows.map((r) => r.id));
    return storedOnly(ids, stored);
  }

  unprocessed(limit: number): Promise<StoredEvent[]> {
    return this.#session.rows<StoredEvent>({
      name: 'events.unprocessed',
      text: 'SELECT id, contact_id AS "contactId", type, properties, timestamp, received_at AS "receivedAt" FROM events WHERE processed_at IS NULL ORDER BY id LIMIT $1',
      values: [limit],
    });
  }

  async markProcessed(ids: readonly string[], now: number): Promise<void> {
    if (ids.length === 0) return;
    await this.#session.query({
      name: 'events.markProcessed',
      text: 'UPDATE events SET processed_at = $1 WHERE id = ANY($2::text[])',
      values: [now, [...ids]],
    });
  }
}
