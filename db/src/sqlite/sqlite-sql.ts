import type Database from 'better-sqlite3';
import type { SQL } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import { UniqueViolation } from '../port/errors.ts';
import type { Dialect, SqlContext, SqlExecutor } from '../sql/context.ts';
import { onConnection, type ConnectionGate } from './connection-gate.ts';

/** Distinct SQL texts kept prepared; segment queries vary with their rules, so the cache is bounded. */
const STATEMENT_CACHE_SIZE = 500;

const bind = (value: unknown) => (typeof value === 'boolean' ? (value ? 1 : 0) : value === undefined ? null : value);

/**
 * Runs drizzle `sql` queries on a better-sqlite3 connection synchronously, each text prepared once
 * (least recently used texts are dropped past the cache size).
 */
export class SqliteStatements {
  readonly #db: Database.Database;
  readonly #cache = new Map<string, Database.Statement>();
  readonly #dialect = new SQLiteSyncDialect();

  constructor(db: Database.Database) {
    this.#db = db;
  }

  #prepare(query: SQL): [Database.Statement, unknown[]] {
    const { sql: text, params } = this.#dialect.sqlToQuery(query);
    let statement = this.#cache.get(text);
    if (statement) {
      this.#cache.delete(text);
    } else {
      statement = this.#db.prepare(text);
      if (this.#cache.size >= STATEMENT_CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value!);
    }
    this.#cache.set(text, statement);
    return [statement, params.map(bind)];
  }

  all<T>(query: SQL): T[] {
    const [statement, params] = this.#prepare(query);
    return this.#guarded(() => statement.all(...params) as T[]);
  }

  get<T>(query: SQL): T | undefined {
    const [statement, params] = this.#prepare(query);
    return this.#guarded(() => statement.get(...params) as T | undefined);
  }

  run(query: SQL): number {
    const [statement, params] = this.#prepare(query);
    return this.#guarded(() => statement.run(...params).changes);
  }

  #guarded<T>(work: () => T): T {
    try {
      return work();
    } catch (err) {
      throw uniqueViolation(this.#db, err);
    }
  }
}

/**
 * SQLite's "UNIQUE constraint failed: offers.code" as the port's `UniqueViolation`, naming the index
 * that refused it as PostgreSQL names its constraint (`offers_code`; `<table>_pkey` for a primary key).
 * Any other error is returned as it is.
 */
export function uniqueViolation(db: Database.Database, err: unknown): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (code !== 'SQLITE_CONSTRAINT_UNIQUE' && code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') return err;
  const message = (err as Error).message;
  const columns = message.slice(message.indexOf(': ') + 2).split(', ').map((c) => c.split('.'));
  const table = columns[0]?.[0] ?? '';
  const wanted = columns.map(([, column]) => column).join(',');
  let constraint: string | null = null;
  for (const index of db.pragma(`index_list("${table}")`) as { name: string; unique: number; origin: string }[]) {
    if (!index.unique) continue;
    const indexed = (db.pragma(`index_info("${index.name}")`) as { name: string }[]).map((c) => c.name).join(',');
    if (indexed === wanted) constraint = index.origin === 'pk' ? `${table}_pkey` : index.name;
  }
  return new UniqueViolation(constraint, message, { cause: err });
}

/** SQLite's SQL where the stores differ. */
export const sqliteDialect: Dialect = {
  kind: 'sqlite',
  inList: (expression, values) => sql`${expression} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`,
  jsonText: (column, key) => sql`json_extract(${column}, ${`$.${key}`})`,
  // json_extract answers a JSON number as a number and true/false as 1/0: bound the same way they compare.
  jsonEquals: (column, key, value) =>
    sql`(json_type(${column}, ${`$.${key}`}) IN (${typeof value === 'string' ? 'text' : typeof value === 'boolean' ? (value ? 'true' : 'false') : 'integer'}, ${typeof value === 'number' ? 'real' : '-'}) AND json_extract(${column}, ${`$.${key}`}) = ${typeof value === 'boolean' ? Number(value) : value})`,
  likeInsensitive: (expression, pattern) => sql`${expression} LIKE ${pattern} ESCAPE '\\'`,
  lockKey: () => null,
  rowLock: sql``,
};

/**
 * The context of the shared repositories on SQLite: statements through the gate, with `atomic` opening
 * a transaction; or, with no gate, inside the transaction that holds it, where `atomic` just runs.
 */
export function sqliteContext(statements: SqliteStatements, gate: ConnectionGate | null, transaction?: SqlContext['atomic']): SqlContext {
  const exec: SqlExecutor = {
    all: (query) => onConnection(gate, () => statements.all(query)),
    get: (query) => onConnection(gate, () => statements.get(query)),
    run: (query) => onConnection(gate, () => statements.run(query)),
  };
  const ctx: SqlContext = { exec, dialect: sqliteDialect, atomic: gate && transaction ? transaction : (work) => work(ctx) };
  return ctx;
}
