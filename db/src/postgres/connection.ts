import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { isPostgresUrl } from '../database-url.ts';

export { isPostgresUrl };

/** The committed PostgreSQL migrations (`pnpm db:generate` writes them). */
export const POSTGRES_MIGRATIONS = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations/postgres');

/** The advisory lock key every process takes around migrating, so only one migrates at a time. */
export const MIGRATION_LOCK_KEY = 7_206_114_001;

const DEFAULT_POOL_SIZE = 10;
/** How long a connection may sit idle inside a transaction before the server ends its session. */
const IDLE_IN_TRANSACTION_MS = 60_000;


/** The URL with its password masked, for logs and error messages. */
export function redactedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** The pool size `DATABASE_POOL_SIZE` asks for (default 10). */
export function poolSizeFromEnv(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_POOL_SIZE;
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1) {
    throw new Error(`DATABASE_POOL_SIZE: expected a whole number of connections (1 or more), got "${value}"`);
  }
  return size;
}

const OID = { int8: 20, numeric: 1700, int8Array: 1016, numericArray: 1231, textArray: 1009 } as const;

/**
 * pg returns `bigint` and `numeric` as strings (they may not fit a JS number). Ours are epoch ms, counts,
 * identity ids and sums, well inside 2^53: these parsers give numbers, and refuse rather than round a
 * bigint that does not fit. Set per pool, so other users of `pg` in the process keep the defaults.
 */
function numberTypes(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  const bigint = (text: string): number => {
    const n = Number(text);
    if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${text} does not fit a JavaScript number`);
    return n;
  };
  // pg's own parser for text[] (its typings list only scalar type ids).
  const textArray = (pg.types.getTypeParser as (oid: number) => (text: string) => (string | null)[])(OID.textArray);
  const arrayOf = (parse: (text: string) => number) => (text: string) => textArray(text).map((v) => (v === null ? null : parse(v)));
  types.setTypeParser(OID.int8, bigint);
  types.setTypeParser(OID.numeric, Number);
  types.setTypeParser(OID.int8Array, arrayOf(bigint));
  types.setTypeParser(OID.numericArray, arrayOf(Number));
  return types;
}

export interface PostgresPoolOptions {
  /** Connections in the pool (default: `DATABASE_POOL_SIZE`, else 10). */
  poolSize?: number;
  /** Told when an idle connection fails (the pool drops it and opens another when needed). */
  onError?: (err: Error) => void;
}

/**
 * Opens a `pg` pool for a `postgres://` or `postgresql://` URL. `bigint` and `numeric` values come back as
 * JS numbers; queries should go through `pool.query` or a checked-out client (drizzle's node-postgres
 * session brings its own type parsers and would return bigints as strings again).
 *
 * @example
 * ```ts
 * const pool = openPostgresPool(process.env.DATABASE_URL!);
 * await migratePostgres(pool);
 * const { rows } = await pool.query<{ n: number }>('SELECT count(*) AS n FROM runs');
 * ```
 */
export function openPostgresPool(url: string, options: PostgresPoolOptions = {}): pg.Pool {
  if (!isPostgresUrl(url)) throw new Error('DATABASE_URL: expected a postgres:// or postgresql:// URL');
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? poolSizeFromEnv(process.env.DATABASE_POOL_SIZE),
    application_name: 'journey-builder',
    types: numberTypes(),
    // The store's transactions last milliseconds: one left open (a process paused or stuck mid-way) is
    // ended by the server, so the row and advisory locks it holds do not stall every other process.
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS,
  });
  const onError = options.onError ?? ((err: Error) => console.error(`PostgreSQL ${redactedUrl(url)}: idle connection failed`, err));
  pool.on('error', onError);
  return pool;
}

/**
 * Applies the committed migrations that the database has not had yet. Processes starting at once take
 * turns on a session advisory lock: the first migrates, the others find nothing left to do.
 */
export async function migratePostgres(pool: pg.Pool, migrationsFolder = POSTGRES_MIGRATIONS): Promise<void> {
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await migrate(drizzle({ client }), { migrationsFolder });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } catch (err) {
    failure = err instanceof Error ? err : new Error(String(err));
    throw err;
  } finally {
    // A connection that failed may still hold the lock: closing it (not pooling it) lets it go.
    client.release(failure);
  }
}

/**
 * Creates the database `url` names when the server has none of that name (connecting to the server's
 * `postgres` database as the same user), so a first try needs no `createdb`. Returns whether it did.
 *
 * @example
 * ```ts
 * await createDatabaseIfMissing('postgres://postgres@127.0.0.1:5432/journeys');
 * ```
 */
export async function createDatabaseIfMissing(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!name) throw new Error(`${redactedUrl(url)} names no database`);
  const server = new URL(url);
  server.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: server.toString(), connectionTimeoutMillis: 5000 });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    return true;
  } finally {
    await admin.end();
  }
}
