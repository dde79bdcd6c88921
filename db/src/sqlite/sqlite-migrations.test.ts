import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { execute } from '../testing.ts';
import { openSqliteStore } from './open-sqlite-store.ts';

const SQLITE_MIGRATIONS = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations/sqlite');
const journal = JSON.parse(readFileSync(join(SQLITE_MIGRATIONS, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('SQLite migrations in db/migrations/sqlite', () => {
  it('open a database migrated from the old db/migrations folder without running anything again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sqlite-migrations-'));
    dirs.push(dir);
    // The folder as it was before the move: the same files, straight under db/migrations.
    const oldFolder = join(dir, 'db/migrations');
    cpSync(SQLITE_MIGRATIONS, oldFolder, { recursive: true });
    const path = join(dir, 'journeys.db');
    const sqlite = new Database(path);
    migrate(drizzle(sqlite), { migrationsFolder: oldFolder });
    sqlite.prepare(`INSERT INTO contacts (id, attributes, created_at, updated_at) VALUES ('c1', '{"city":"上海"}', 1, 1)`).run();
    const applied = sqlite.prepare('SELECT id, hash, created_at FROM __drizzle_migrations ORDER BY id').all();
    sqlite.close();
    expect(applied).toHaveLength(journal.entries.length);

    // Re-running 0000_init would fail on its CREATE TABLEs; the store opens and keeps its rows.
    const store = openSqliteStore(path);
    try {
      expect(await execute(store, 'SELECT id, hash, created_at FROM __drizzle_migrations ORDER BY id')).toEqual(
        applied.map((row) => ({ ...(row as object), createdAt: (row as { created_at: number }).created_at, created_at: undefined })).map(({ created_at: _, ...row }) => row),
      );
      expect(await store.contacts.get('c1')).toMatchObject({ id: 'c1', attributes: { city: '上海' } });
    } finally {
      await store.close();
    }
  });
});
