import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { Repositories, Store } from '../port/store.ts';
import { RAW_ACCESS, type RawAccess } from '../raw-access.ts';
import type { SqlContext } from '../sql/context.ts';
import { sharedRepositories } from '../sql/shared-repositories.ts';
import { ConnectionGate } from './connection-gate.ts';
import { prepareEventStatements, SqliteEventRepository } from './sqlite-events.ts';
import { prepareOutboxStatements, SqliteOutboxRepository } from './sqlite-outbox.ts';
import { prepareRunStatements, SqliteRunRepository } from './sqlite-runs.ts';
import { registerSegmentFunctions, sqliteSegmentCondition } from './sqlite-segment-condition.ts';
import { sqliteContext, SqliteStatements } from './sqlite-sql.ts';
import { startWalCheckpointer } from './wal-checkpointer.ts';

const MIGRATIONS = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations/sqlite');

/** Where the SQLite file lives for a `DATABASE_URL` (plain path or `file:PATH`); default `./data/journeys.db`. */
export function sqlitePathFromUrl(url: string | undefined): string {
  if (!url) return resolve('data/journeys.db');
  const path = url.startsWith('file:') ? url.slice('file:'.length) : url;
  return path === ':memory:' ? path : resolve(path);
}

/**
 * Opens (creating if needed) the SQLite store in WAL mode and applies pending migrations. One
 * connection serves the process: statements and synchronous transactions run at once, and a
 * `transaction` whose work awaits holds the connection (`ConnectionGate`) until it commits.
 *
 * @example
 * ```ts
 * const store = openSqliteStore('./data/journeys.db');
 * await store.journeys.list({}, { limit: 50 });
 * ```
 */
export function openSqliteStore(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('foreign_keys = OFF');
  sqlite.pragma('cache_size = -65536');
  migrate(drizzle(sqlite), { migrationsFolder: MIGRATIONS });
  registerSegmentFunctions(sqlite);

  const gate = new ConnectionGate();
  const statements = new SqliteStatements(sqlite);
  const prepared = { runs: prepareRunStatements(sqlite), events: prepareEventStatements(sqlite), outbox: prepareOutboxStatements(sqlite) };

  const repositories = (ctx: SqlContext, held: ConnectionGate | null): Repositories => ({
    ...sharedRepositories(ctx, sqliteSegmentCondition),
    runs: new SqliteRunRepository(ctx, sqlite, prepared.runs, statements, held),
    events: new SqliteEventRepository(ctx, sqlite, prepared.events, held),
    outbox: new SqliteOutboxRepository(ctx, sqlite, prepared.outbox, held),
  });

  // One transaction at a time holds the connection, so one set of its repositories serves them all.
  const inTransaction = sqliteContext(statements, null);
  const transactionRepositories = repositories(inTransaction, null);
  const transaction = <T>(work: (tx: Repositories) => Promise<T>): Promise<T> =>
    gate.hold(async () => {
      sqlite.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(transactionRepositories);
        sqlite.exec('COMMIT');
        return result;
      } catch (err) {
        if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
        throw err;
      }
    });
  const topLevel = repositories(sqliteContext(statements, gate, (work) => transaction(() => work(inTransaction))), gate);

  const tables = () =>
    sqlite
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name`)
      .pluck()
      .all() as string[];
  const rawAccess: RawAccess = {
    query: (text, params = []) =>
      gate.run(() => {
        const statement = sqlite.prepare(text);
        const bound = params.map((p) => (typeof p === 'boolean' ? Number(p) : p));
        if (statement.reader) return statement.all(...bound) as Record<string, unknown>[];
        statement.run(...bound);
        return [];
      }),
    tables: () => gate.run(tables),
    clear: () =>
      gate.run(() =>
        sqlite.transaction(() => {
          for (const table of tables()) sqlite.prepare(`DELETE FROM ${table}`).run();
        })(),
      ),
  };

  const store: Store & { [RAW_ACCESS]: RawAccess } = {
    [RAW_ACCESS]: rawAccess,
    kind: 'sqlite',
    location: path,
    ...topLevel,
    transaction,
    ping: () => gate.run(() => void sqlite.prepare('SELECT 1').get()),
    startMaintenance: () => startWalCheckpointer(sqlite, path),
    close: async () => {
      await gate.hold(async () => sqlite.close());
    },
  };
  return store;
}
