import pg from 'pg';
import type { Repositories, Store } from '../port/store.ts';
import { RAW_ACCESS, type RawAccess } from '../raw-access.ts';
import { sharedRepositories } from '../sql/shared-repositories.ts';
import { migratePostgres, openPostgresPool, type PostgresPoolOptions } from './connection.ts';
import { PostgresEventRepository } from './postgres-events.ts';
import { PostgresOutboxRepository } from './postgres-outbox.ts';
import { PostgresRunRepository } from './postgres-runs.ts';
import { postgresSegmentCondition } from './postgres-segment-condition.ts';
import { PgSession, pgTransactions } from './postgres-session.ts';
import { postgresContext } from './postgres-sql.ts';

/** The URL as `Store.location` shows it: without its password. */
function withoutPassword(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}

/** `?` placeholders (outside quotes) as PostgreSQL's `$1`, `$2`, … */
function numberedPlaceholders(text: string): string {
  let n = 0;
  let quote: string | null = null;
  let out = '';
  for (const c of text) {
    if (quote !== null) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '?') {
      out += `$${++n}`;
      continue;
    }
    out += c;
  }
  return out;
}

function rawAccess(pool: pg.Pool): RawAccess {
  const tables = async () =>
    (await pool.query<{ name: string }>('SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename')).rows.map((r) => r.name);
  return {
    query: async (text, params = []) => (await pool.query(numberedPlaceholders(text), [...params])).rows as Record<string, unknown>[],
    tables,
    clear: async () => {
      await pool.query(`TRUNCATE ${(await tables()).map((t) => pg.escapeIdentifier(t)).join(', ')} RESTART IDENTITY`);
    },
  };
}

/**
 * Opens the PostgreSQL store on a pool (`DATABASE_POOL_SIZE` connections, default 10) and applies pending
 * migrations under an advisory lock, so processes starting together migrate once. Statements outside a
 * transaction go to whichever connection is free; `transaction` holds one connection from BEGIN to
 * COMMIT and runs again when it loses a deadlock or a serialization conflict.
 *
 * @example
 * ```ts
 * const store = await openPostgresStore('postgres://journeys@db.internal:5432/journeys');
 * await store.runs.due(Date.now(), 500, { owner: `worker-${process.pid}`, ttlMs: 30_000 });
 * ```
 */
export async function openPostgresStore(url: string, options: PostgresPoolOptions = {}): Promise<Store> {
  const pool = openPostgresPool(url, options);
  try {
    await migratePostgres(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }

  const repositories = (session: PgSession): Repositories => {
    const ctx = postgresContext(session);
    return {
      ...sharedRepositories(ctx, postgresSegmentCondition),
      runs: new PostgresRunRepository(ctx, session),
      events: new PostgresEventRepository(ctx, session),
      outbox: new PostgresOutboxRepository(ctx, session),
    };
  };

  const transaction = pgTransactions(pool);
  const store: Store & { [RAW_ACCESS]: RawAccess } = {
    [RAW_ACCESS]: rawAccess(pool),
    kind: 'postgres',
    location: withoutPassword(url),
    ...repositories(new PgSession(pool, transaction)),
    transaction: (work) => transaction((session) => work(repositories(session))),
    ping: async () => {
      await pool.query('SELECT 1');
    },
    // Autovacuum keeps the tables; nothing runs in the process.
    startMaintenance: () => ({ stop: async () => undefined }),
    close: () => pool.end(),
  };
  return store;
}
