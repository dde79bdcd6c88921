import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migratePostgres, openPostgresPool, redactedUrl } from './connection.ts';

/** Where tests find PostgreSQL when `PG_TEST_URL` is not set. */
export const DEFAULT_PG_TEST_URL = 'postgres://postgres@127.0.0.1:5432/test';

const PREFIX = 'journey_test_';
/** Test databases older than this are left over from a killed run and are dropped by the next one. */
const STALE_MS = 6 * 3600_000;

/** A database of its own for one test run, dropped by `drop()`. */
export interface PostgresTestDatabase {
  /** Its name, `journey_test_<epoch seconds>_<random>`. */
  name: string;
  /** A URL to it, for code that opens its own pool (a child process, a store under test). */
  url: string;
  /** A pool on it (`openPostgresPool`'s types), ended by `drop()`. */
  pool: pg.Pool;
  /** Ends the pool and drops the database, whatever still uses it. */
  drop(): Promise<void>;
}

/**
 * Creates a uniquely named database from `PG_TEST_URL` (default `postgres://postgres@127.0.0.1:5432/test`),
 * with a linguistic default collation where the server has ICU, and applies the migrations to it (unless
 * `migrate: false`). Fails with how to start PostgreSQL when it does not answer: tests on the PostgreSQL
 * store never skip.
 *
 * @example
 * ```ts
 * let database: PostgresTestDatabase;
 * beforeAll(async () => (database = await createTestDatabase()));
 * afterAll(() => database?.drop());
 * ```
 */
export async function createTestDatabase(
  options: { migrate?: boolean; poolSize?: number; serverUrl?: string } = {},
): Promise<PostgresTestDatabase> {
  const serverUrl = options.serverUrl ?? (process.env.PG_TEST_URL || DEFAULT_PG_TEST_URL);
  const name = `${PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  await withServer(serverUrl, async (admin) => {
    await dropStale(admin);
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}${(await hasIcu(admin)) ? LINGUISTIC : ''}`);
    // A test database is dropped after its run: commits need not wait for the disk.
    await admin.query(`ALTER DATABASE ${pg.escapeIdentifier(name)} SET synchronous_commit = off`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let dropping = false;
  const pool = openPostgresPool(url.toString(), {
    poolSize: options.poolSize ?? 10,
    // pool.end() resolves before its connections have closed: DROP DATABASE … WITH (FORCE) ends the last ones.
    onError: (err) => {
      if (!dropping) console.error(`PostgreSQL test database ${name}: idle connection failed`, err);
    },
  });
  const database: PostgresTestDatabase = {
    name,
    url: url.toString(),
    pool,
    drop: async () => {
      dropping = true;
      await pool.end();
      await withServer(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`));
    },
  };
  if (options.migrate === false) return database;
  try {
    await migratePostgres(pool);
  } catch (err) {
    await database.drop();
    throw err;
  }
  return database;
}

/** Runs `work` on a connection to the server's maintenance database (the one `PG_TEST_URL` names). */
async function withServer<T>(serverUrl: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (err) {
    await admin.end().catch(() => undefined);
    throw new Error(
      `PostgreSQL does not answer at ${redactedUrl(serverUrl)} (${err instanceof Error ? err.message : String(err)}). ` +
        'Start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, ' +
        'or point PG_TEST_URL at a server where the user may create databases.',
      { cause: err },
    );
  }
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/**
 * Test databases sort text as people read it ('a' before 'B', ICU's en-US), the way production databases
 * are usually created (en_US.UTF-8), not by bytes as a C-locale test cluster would: the store must not
 * owe its order to the server's defaults.
 */
const LINGUISTIC = " TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'";

/** Whether the server can make ICU-collated databases (PostgreSQL 15 and later, built with ICU). */
async function hasIcu(admin: pg.Client): Promise<boolean> {
  const { rows } = await admin.query<{ icu: boolean }>(
    `SELECT current_setting('server_version_num')::int >= 150000 AND EXISTS (SELECT 1 FROM pg_collation WHERE collprovider = 'i') AS icu`,
  );
  return rows[0]!.icu;
}

async function dropStale(admin: pg.Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${PREFIX}%`]);
  const cutoff = (Date.now() - STALE_MS) / 1000;
  for (const { datname } of rows) {
    const createdAt = Number(datname.slice(PREFIX.length).split('_')[0]);
    if (createdAt >= cutoff) continue;
    // Two runs may sweep the same leftover at once; the one that loses the race has nothing to do.
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`).catch(() => undefined);
  }
}
