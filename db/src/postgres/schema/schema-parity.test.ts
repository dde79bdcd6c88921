import { is, type SQL } from 'drizzle-orm';
import { getTableConfig as pgTableConfig, PgDialect, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig, SQLiteSyncDialect, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as sqliteSchema from '../../sqlite/schema/index.ts';
import * as postgresSchema from './index.ts';

/**
 * Indexes shaped differently on PostgreSQL, with why. Everything else — tables, columns, keys, unique and
 * partial indexes — must match the SQLite schema name for name, so the shared SQL runs on both stores.
 */
const POSTGRES_ONLY_SHAPES: Record<string, string> = {
  runs_due: 'partial on waiting runs: finished runs would otherwise fill most of it',
  runs_active: "the sweeper's keyset over active runs by (updated_at, id)",
  runs_active_by_journey: 'due runs journey by journey while some journey is paused (the SQLite store scans)',
  runs_waiting_by_journey: 'due runs journey by journey while some journey is paused (the SQLite store scans)',
  messages_pending: 'partial on pending messages: delivered ones would otherwise fill most of it',
};

/** The PostgreSQL column type each SQLite column type is stored as. */
const POSTGRES_TYPE: Record<string, string[]> = {
  SQLiteText: ['PgText'],
  SQLiteTextJson: ['PgJsonb'],
  SQLiteBoolean: ['PgBoolean'],
  SQLiteReal: ['PgDoublePrecision'],
  SQLiteInteger: ['PgInteger', 'PgBigInt53'],
};

const isTime = (column: string) => column.endsWith('_at') || column === 'timestamp';

const sqliteTables = Object.values(sqliteSchema).filter((value) => is(value, SQLiteTable)).map(sqliteTableConfig);
const postgresTables = new Map(
  Object.values(postgresSchema)
    .filter((value) => is(value, PgTable))
    .map((table) => [pgTableConfig(table).name, pgTableConfig(table)]),
);

const sqliteSql = new SQLiteSyncDialect();
const postgresSql = new PgDialect();

describe('the PostgreSQL schema', () => {
  it('has the tables of the SQLite schema, and no others', () => {
    expect([...postgresTables.keys()].sort()).toEqual(sqliteTables.map((t) => t.name).sort());
  });

  describe.each(sqliteTables.map((table) => [table.name, table] as const))('%s', (name, sqlite) => {
    const postgres = postgresTables.get(name)!;

    it('has the same columns, nullability, defaults and keys', () => {
      const shape = (c: { name: string; notNull: boolean; default: unknown; primary: boolean; enumValues?: string[] }) => ({
        name: c.name,
        notNull: c.notNull,
        default: c.default,
        primary: c.primary,
        enumValues: c.enumValues?.length ? c.enumValues : undefined,
      });
      expect(postgres.columns.map(shape)).toEqual(sqlite.columns.map(shape));
      const keys = (pks: { columns: { name: string }[] }[]) => pks.map((pk) => pk.columns.map((c) => c.name));
      expect(keys(postgres.primaryKeys)).toEqual(keys(sqlite.primaryKeys));
      expect(postgres.checks.map((c) => c.name)).toEqual(sqlite.checks.map((c) => c.name));
    });

    it('stores JSON as jsonb, times as epoch-ms bigint, autoincrement ids as identities', () => {
      for (const column of sqlite.columns) {
        const pg = postgres.columns.find((c) => c.name === column.name)!;
        expect(POSTGRES_TYPE[column.columnType], column.name).toContain(pg.columnType);
        if (isTime(column.name)) expect(pg.columnType, column.name).toBe('PgBigInt53');
        const autoIncrement = (column as { autoIncrement?: boolean }).autoIncrement === true;
        expect(pg.generatedIdentity?.type, column.name).toBe(autoIncrement ? 'always' : undefined);
      }
    });

    it('has the same indexes (unique and partial ones alike), apart from the PostgreSQL-specific shapes', () => {
      const render = (where: SQL | undefined, dialect: SQLiteSyncDialect | PgDialect) => (where ? dialect.sqlToQuery(where).sql : null);
      const columnName = (c: unknown) => (c as { name: string }).name;
      const sqliteIndexes = sqlite.indexes
        .filter((i) => !(i.config.name in POSTGRES_ONLY_SHAPES))
        .map((i) => ({ name: i.config.name, columns: i.config.columns.map(columnName), unique: i.config.unique, where: render(i.config.where, sqliteSql) }));
      const postgresIndexes = postgres.indexes
        .filter((i) => !(i.config.name! in POSTGRES_ONLY_SHAPES))
        .map((i) => ({ name: i.config.name, columns: i.config.columns.map(columnName), unique: i.config.unique, where: render(i.config.where, postgresSql) }));
      expect(postgresIndexes).toEqual(sqliteIndexes);
      const reshaped = (names: (string | undefined)[]) => names.filter((n) => n !== undefined && n in POSTGRES_ONLY_SHAPES);
      if (name === 'runs') expect(reshaped(postgres.indexes.map((i) => i.config.name))).toEqual(['runs_due', 'runs_active', 'runs_active_by_journey', 'runs_waiting_by_journey']);
      if (name === 'messages') expect(reshaped(postgres.indexes.map((i) => i.config.name))).toEqual(['messages_pending']);
    });
  });
});
