import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPostgresUrl, migratePostgres, openPostgresPool, poolSizeFromEnv, POSTGRES_MIGRATIONS } from './connection.ts';
import { createTestDatabase, DEFAULT_PG_TEST_URL, type PostgresTestDatabase } from './test-database.ts';

const journal = JSON.parse(readFileSync(join(POSTGRES_MIGRATIONS, 'meta/_journal.json'), 'utf8')) as { entries: { when: number }[] };

describe('PostgreSQL connection settings', () => {
  it('takes postgres:// and postgresql:// URLs, nothing else', () => {
    expect(isPostgresUrl('postgres://u@h/db')).toBe(true);
    expect(isPostgresUrl('postgresql://u@h:5433/db')).toBe(true);
    expect(isPostgresUrl('file:data/journeys.db')).toBe(false);
    expect(isPostgresUrl(undefined)).toBe(false);
    expect(() => openPostgresPool('mysql://u@h/db')).toThrow(/postgres:\/\/ or postgresql:\/\//);
  });

  it('sizes the pool from DATABASE_POOL_SIZE, 10 when unset, and names a bad value', () => {
    expect(poolSizeFromEnv(undefined)).toBe(10);
    expect(poolSizeFromEnv('')).toBe(10);
    expect(poolSizeFromEnv('25')).toBe(25);
    expect(() => poolSizeFromEnv('0')).toThrow(/DATABASE_POOL_SIZE.*"0"/);
    expect(() => poolSizeFromEnv('ten')).toThrow(/DATABASE_POOL_SIZE.*"ten"/);
  });
});

describe('PostgreSQL pool', () => {
  let database: PostgresTestDatabase;
  beforeAll(async () => (database = await createTestDatabase({ migrate: false })));
  afterAll(() => database?.drop());

  it('returns bigint and numeric values as numbers, on its own connections only', async () => {
    const { rows } = await database.pool.query(
      `SELECT 1795610722757::bigint AS ms, count(*) AS n, sum(x) AS total, 2.5::numeric AS amount,
         ARRAY[1, 9007199254740991]::bigint[] AS ids, ARRAY[1.5, NULL]::numeric[] AS amounts, NULL::bigint AS missing
       FROM (VALUES (1::bigint), (2::bigint)) v(x)`,
    );
    expect(rows[0]).toEqual({ ms: 1795610722757, n: 2, total: 3, amount: 2.5, ids: [1, 9007199254740991], amounts: [1.5, null], missing: null });
    await expect(database.pool.query('SELECT 9007199254740993::bigint AS n')).rejects.toThrow(/does not fit/);
    // The global parsers, which other pg users in the process rely on, are untouched.
    const plain = new pg.Client({ connectionString: database.url });
    await plain.connect();
    try {
      expect((await plain.query('SELECT 5::bigint AS n')).rows[0]).toEqual({ n: '5' });
    } finally {
      await plain.end();
    }
  });

  it('migrates once when ten processes start at once', async () => {
    const pools = Array.from({ length: 10 }, () => openPostgresPool(database.url, { poolSize: 1 }));
    try {
      await Promise.all(pools.map((pool) => migratePostgres(pool)));
      await migratePostgres(pools[0]!);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
    const { rows } = await database.pool.query<{ createdAt: number; copies: number }>(
      'SELECT created_at AS "createdAt", count(*) AS copies FROM drizzle.__drizzle_migrations GROUP BY created_at ORDER BY created_at',
    );
    expect(rows).toEqual(journal.entries.map((entry) => ({ createdAt: entry.when, copies: 1 })));
    const tables = await database.pool.query(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'`);
    expect(tables.rows[0].n).toBeGreaterThanOrEqual(24);
  });
});

describe('createTestDatabase', () => {
  it('fails, naming the server and how to start PostgreSQL, when nothing answers', async () => {
    const server = createServer();
    const port = await new Promise<number>((done) => server.listen(0, '127.0.0.1', () => done((server.address() as AddressInfo).port)));
    await new Promise((done) => server.close(done));
    await expect(createTestDatabase({ serverUrl: `postgres://postgres:secret@127.0.0.1:${port}/test` })).rejects.toThrow(
      new RegExp(`does not answer at postgres://postgres:\\*\\*\\*@127\\.0\\.0\\.1:${port}/test .*pg_ctlcluster --skip-systemctl-redirect`),
    );
  });

  it('drops its database, also when the test using it failed', async () => {
    const database = await createTestDatabase();
    await database.pool.query('SELECT 1 FROM runs');
    await expect(database.pool.query('SELECT no_such_column FROM runs')).rejects.toThrow();
    await database.drop();
    const admin = new pg.Client({ connectionString: process.env.PG_TEST_URL || DEFAULT_PG_TEST_URL });
    await admin.connect();
    try {
      expect((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database.name])).rows).toEqual([]);
    } finally {
      await admin.end();
    }
  });
});
