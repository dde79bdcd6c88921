import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema/index.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** An open store: the drizzle handle and the raw better-sqlite3 connection for hot paths. */
export interface Store {
  db: Db;
  sqlite: Database.Database;
  /** The file path, or `:memory:`. */
  path: string;
  close(): void;
}

const MIGRATIONS = resolve(dirname(fileURLToPath(import.meta.url)), '../migrations/sqlite');

/** Where the SQLite file lives for a `DATABASE_URL` (plain path or `file:PATH`); default `./data/journeys.db`. */
export function sqlitePathFromUrl(url: string | undefined): string {
  if (!url) return resolve('data/journeys.db');
  if (/^postgres(ql)?:\/\//.test(url)) {
    throw new Error('DATABASE_URL: PostgreSQL is not supported yet; use a SQLite path or file:PATH');
  }
  const path = url.startsWith('file:') ? url.slice('file:'.length) : url;
  return path === ':memory:' ? path : resolve(path);
}

/**
 * Opens (creating if needed) the SQLite store in WAL mode and applies pending migrations.
 *
 * @example
 * ```ts
 * const store = openStore(process.env.DATABASE_URL);
 * store.db.select().from(journeys).all();
 * ```
 */
export function openStore(url?: string): Store {
  const path = sqlitePathFromUrl(url);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('foreign_keys = OFF');
  sqlite.pragma('cache_size = -65536');
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder: MIGRATIONS });
  return { db, sqlite, path, close: () => sqlite.close() };
}
