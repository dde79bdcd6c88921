import type { WorkspaceSettings } from '@journey/nodes';
import { sql } from 'drizzle-orm';
import type { SettingsRepository, StoredWorkspaceSettings } from '../port/settings.ts';
import type { SqlContext } from './context.ts';
import { json, toJson } from './decode.ts';

/** The one row of `workspace_settings`. */
const ROW_ID = 'workspace';

/** The workspace's settings on either store. */
export class SqlSettingsRepository implements SettingsRepository {
  constructor(private readonly ctx: SqlContext) {}

  async get(): Promise<StoredWorkspaceSettings | undefined> {
    const row = await this.ctx.exec.get<{ settings: unknown; updatedAt: unknown; updatedBy: string | null }>(
      sql`SELECT settings, updated_at AS "updatedAt", updated_by AS "updatedBy" FROM workspace_settings WHERE id = ${ROW_ID}`,
    );
    return row && { settings: json<WorkspaceSettings>(row.settings), updatedAt: Number(row.updatedAt), updatedBy: row.updatedBy };
  }

  async put(settings: WorkspaceSettings, updatedBy: string | null, now: number): Promise<StoredWorkspaceSettings> {
    await this.ctx.exec.run(sql`INSERT INTO workspace_settings (id, settings, updated_at, updated_by) VALUES (${ROW_ID}, ${toJson(settings)}, ${now}, ${updatedBy})
      ON CONFLICT (id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at, updated_by = excluded.updated_by`);
    return { settings, updatedAt: now, updatedBy };
  }
}
