import { sql } from 'drizzle-orm';
import { keysetPage, type Page, type PageQuery } from '../port/paging.ts';
import type { NewPluginRecord, PluginRecord, PluginRecordRepository } from '../port/plugin-records.ts';
import { selectList } from './columns.ts';
import type { SqlContext } from './context.ts';
import { json, toJson } from './decode.ts';

const RECORD = selectList({ plugin: 'plugin', kind: 'kind', key: 'key', value: 'value', expiresAt: 'expires_at', updatedAt: 'updated_at' });

type Row = Omit<PluginRecord, 'value'> & { value: unknown };
const decode = (row: Row): PluginRecord => ({
  ...row,
  value: json<Record<string, unknown>>(row.value),
  expiresAt: row.expiresAt === null ? null : Number(row.expiresAt),
  updatedAt: Number(row.updatedAt),
});

const live = (now: number) => sql`(expires_at IS NULL OR expires_at > ${now})`;

/** Plugins' own records on either store. */
export class SqlPluginRecordRepository implements PluginRecordRepository {
  constructor(private readonly ctx: SqlContext) {}

  async get(plugin: string, kind: string, key: string, now: number): Promise<PluginRecord | undefined> {
    const row = await this.ctx.exec.get<Row>(
      sql`SELECT ${RECORD} FROM plugin_records WHERE plugin = ${plugin} AND kind = ${kind} AND key = ${key} AND ${live(now)}`,
    );
    return row && decode(row);
  }

  async put(record: NewPluginRecord, now: number): Promise<void> {
    await this.ctx.exec.run(sql`INSERT INTO plugin_records (plugin, kind, key, value, expires_at, updated_at)
      VALUES (${record.plugin}, ${record.kind}, ${record.key}, ${toJson(record.value)}, ${record.expiresAt ?? null}, ${now})
      ON CONFLICT (plugin, kind, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at, updated_at = excluded.updated_at`);
  }

  async insert(record: NewPluginRecord, now: number): Promise<boolean> {
    const changed = await this.ctx.exec.run(sql`INSERT INTO plugin_records (plugin, kind, key, value, expires_at, updated_at)
      VALUES (${record.plugin}, ${record.kind}, ${record.key}, ${toJson(record.value)}, ${record.expiresAt ?? null}, ${now})
      ON CONFLICT (plugin, kind, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at, updated_at = excluded.updated_at
      WHERE plugin_records.expires_at IS NOT NULL AND plugin_records.expires_at <= ${now}`);
    return changed > 0;
  }

  async delete(plugin: string, kind: string, key: string): Promise<boolean> {
    return (await this.ctx.exec.run(sql`DELETE FROM plugin_records WHERE plugin = ${plugin} AND kind = ${kind} AND key = ${key}`)) > 0;
  }

  async deleteExpired(now: number, limit: number): Promise<number> {
    return this.ctx.exec.run(sql`DELETE FROM plugin_records WHERE (plugin, kind, key) IN (
      SELECT plugin, kind, key FROM plugin_records WHERE expires_at IS NOT NULL AND expires_at <= ${now} LIMIT ${limit})`);
  }

  async list(plugin: string, kind: string, now: number, page: PageQuery): Promise<Page<PluginRecord>> {
    const rows = await this.ctx.exec.all<Row>(sql`SELECT ${RECORD} FROM plugin_records WHERE plugin = ${plugin} AND kind = ${kind} AND ${live(now)}
      ${page.after === undefined ? sql`` : sql`AND key > ${page.after}`} ORDER BY key LIMIT ${page.limit + 1}`);
    return keysetPage(rows.map(decode), page.limit, (r) => r.key);
  }
}
