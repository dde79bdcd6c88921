import { sql } from 'drizzle-orm';
import type { PluginSettingChange, PluginSettingRepository, StoredPluginSetting } from '../port/plugin-settings.ts';
import { selectList } from './columns.ts';
import type { SqlContext } from './context.ts';
import { bool } from './decode.ts';

const SETTING = selectList({ plugin: 'plugin', name: 'name', value: 'value', secret: 'secret', updatedAt: 'updated_at', updatedBy: 'updated_by' });

type Row = Omit<StoredPluginSetting, 'secret' | 'updatedAt'> & { secret: unknown; updatedAt: unknown };
const decode = (row: Row): StoredPluginSetting => ({ ...row, secret: bool(row.secret), updatedAt: Number(row.updatedAt) });

/** The plugins' saved settings on either store. */
export class SqlPluginSettingRepository implements PluginSettingRepository {
  constructor(private readonly ctx: SqlContext) {}

  async list(plugin?: string): Promise<StoredPluginSetting[]> {
    const rows = await this.ctx.exec.all<Row>(
      sql`SELECT ${SETTING} FROM plugin_settings ${plugin === undefined ? sql`` : sql`WHERE plugin = ${plugin}`} ORDER BY plugin, name`,
    );
    return rows.map(decode);
  }

  async save(plugin: string, changes: readonly PluginSettingChange[], updatedBy: string | null, now: number): Promise<void> {
    await this.ctx.atomic(async ({ exec }) => {
      for (const { name, value, secret } of changes) {
        if (value === null) await exec.run(sql`DELETE FROM plugin_settings WHERE plugin = ${plugin} AND name = ${name}`);
        else
          await exec.run(sql`INSERT INTO plugin_settings (plugin, name, value, secret, updated_at, updated_by) VALUES (${plugin}, ${name}, ${value}, ${secret}, ${now}, ${updatedBy})
            ON CONFLICT (plugin, name) DO UPDATE SET value = excluded.value, secret = excluded.secret, updated_at = excluded.updated_at, updated_by = excluded.updated_by`);
      }
    });
  }
}
