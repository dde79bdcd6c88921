import type { SQL } from 'drizzle-orm';
import type { StoreKind } from '../port/store.ts';

/**
 * Runs drizzle `sql` queries on one store's connection (or inside one of its transactions). Values in a
 * query are bound parameters; booleans bind as each database stores them.
 */
export interface SqlExecutor {
  all<T>(query: SQL): Promise<T[]>;
  get<T>(query: SQL): Promise<T | undefined>;
  /** Runs a write; resolves to how many rows it changed. */
  run(query: SQL): Promise<number>;
}

/** The few places where the SQL of SQLite and PostgreSQL differ, as fragments. */
export interface Dialect {
  readonly kind: StoreKind;
  /** `expression IN (…values)`, the list bound as one parameter whatever its length. */
  inList(expression: SQL, values: readonly (string | number)[]): SQL;
  /** The text value of a top-level key of a JSON column (null when absent). */
  jsonText(column: SQL, key: string): SQL;
  /** Whether the top-level key of a JSON column holds this scalar (a string, number or boolean, as sent). */
  jsonEquals(column: SQL, key: string, value: string | number | boolean): SQL;
  /** A case-insensitive `LIKE`; in the pattern a backslash escapes `%`, `_` and itself (see `containsPattern`). */
  likeInsensitive(expression: SQL, pattern: string): SQL;
  /**
   * Serializes writers that compute from what they read (a balance from the last ledger row) on the
   * same key, until the transaction ends; SQLite's single writer needs nothing.
   */
  lockKey(key: string): SQL | null;
  /** Appended to a `SELECT` of one row inside a transaction: keeps the row from other writers until it ends. */
  readonly rowLock: SQL;
}

/**
 * What the repositories shared by both stores run on: the executor, the dialect, and a way to make
 * several statements atomic (a new transaction, or the one already open).
 */
export interface SqlContext {
  readonly exec: SqlExecutor;
  readonly dialect: Dialect;
  atomic<T>(work: (ctx: SqlContext) => Promise<T>): Promise<T>;
}
