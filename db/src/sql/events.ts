import { sql } from 'drizzle-orm';
import type { EventRepository, IngestResult, NewEvent, StoredEvent } from '../port/events.ts';
import { newId } from '../ids.ts';
import type { SqlContext } from './context.ts';
import { toJson } from './decode.ts';

/** The result of an ingestion of `ids` (one per event, in order) where only the `stored` ids were written. */
export function storedOnly(ids: readonly string[], stored: ReadonlySet<string>): IngestResult {
  const result: IngestResult = { ids: [], stored: [], duplicates: ids.length - stored.size };
  ids.forEach((id, i) => {
    if (!stored.has(id)) return;
    result.ids.push(id);
    result.stored.push(i);
  });
  return result;
}

/** Events on either store: the rare writes and reads shared; ingestion and the backlog are each store's own. */
export abstract class SqlEventRepository implements EventRepository {
  constructor(protected readonly ctx: SqlContext) {}

  abstract ingest(events: readonly NewEvent[], now: number): Promise<IngestResult>;
  abstract unprocessed(limit: number): Promise<StoredEvent[]>;
  abstract markProcessed(ids: readonly string[], now: number): Promise<void>;

  async hasUnprocessed(): Promise<boolean> {
    return (await this.ctx.exec.get(sql`SELECT 1 AS "one" FROM events WHERE processed_at IS NULL LIMIT 1`)) !== undefined;
  }

  async countUnprocessed(): Promise<number> {
    return Number((await this.ctx.exec.get<{ n: unknown }>(sql`SELECT count(*) AS "n" FROM events WHERE processed_at IS NULL`))?.n ?? 0);
  }

  async append(event: Omit<NewEvent, 'messageId'>, now: number): Promise<string> {
    const id = newId('evt');
    await this.ctx.exec.run(sql`INSERT INTO events (id, contact_id, type, properties, timestamp, received_at)
      VALUES (${id}, ${event.contactId}, ${event.type}, ${toJson(event.properties)}, ${event.timestamp}, ${now})`);
    return id;
  }

  async typeCounts(limit: number): Promise<{ type: string; count: number }[]> {
    const rows = await this.ctx.exec.all<{ type: string; count: unknown }>(
      sql`SELECT type, count(*) AS "count" FROM events GROUP BY type ORDER BY count(*) DESC, type LIMIT ${limit}`,
    );
    return rows.map((r) => ({ type: r.type, count: Number(r.count) }));
  }

  async hasEarlier(contactId: string, eventId: string): Promise<boolean> {
    return (await this.ctx.exec.get(sql`SELECT 1 AS "one" FROM events WHERE contact_id = ${contactId} AND id < ${eventId} LIMIT 1`)) !== undefined;
  }
}
