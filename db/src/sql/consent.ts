import { sql } from 'drizzle-orm';
import type { ConsentRepository, OptOut } from '../port/consent.ts';
import type { SqlContext } from './context.ts';

/** Opt-outs on either store. */
export class SqlConsentRepository implements ConsentRepository {
  constructor(private readonly ctx: SqlContext) {}

  async optOuts(contactIds: readonly string[]): Promise<Map<string, OptOut[]>> {
    const found = new Map<string, OptOut[]>();
    if (contactIds.length === 0) return found;
    const rows = await this.ctx.exec.all<OptOut & { contactId: string; at: unknown }>(sql`SELECT contact_id AS "contactId", channel,
        opted_out_at AS at, source, event_id AS "eventId"
      FROM contact_opt_outs WHERE ${this.ctx.dialect.inList(sql`contact_id`, [...new Set(contactIds)])} ORDER BY contact_id, channel`);
    for (const { contactId, at, ...optOut } of rows) {
      const list = found.get(contactId) ?? [];
      list.push({ ...optOut, at: Number(at) });
      found.set(contactId, list);
    }
    return found;
  }

  replace(contactId: string, optOuts: readonly OptOut[]): Promise<void> {
    return this.ctx.atomic(async ({ exec }) => {
      await exec.run(sql`DELETE FROM contact_opt_outs WHERE contact_id = ${contactId}`);
      if (optOuts.length === 0) return;
      const rows = optOuts.map((o) => sql`(${contactId}, ${o.channel}, ${o.at}, ${o.source}, ${o.eventId})`);
      await exec.run(sql`INSERT INTO contact_opt_outs (contact_id, channel, opted_out_at, source, event_id) VALUES ${sql.join(rows, sql`, `)}`);
    });
  }
}
