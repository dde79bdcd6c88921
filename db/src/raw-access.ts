/**
 * Plain SQL on a store's database, for tests and benchmarks only (the runtime reaches the database
 * through the repositories): each store implementation attaches it under this symbol.
 */
export const RAW_ACCESS = Symbol.for('journey.db.raw-access');

export interface RawAccess {
  /** Runs one statement with `?` placeholders; rows for a query, `[]` for a write. */
  query(text: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** The application's tables, by name. */
  tables(): Promise<string[]>;
  /** Empties every application table (ids that count up start again). */
  clear(): Promise<void>;
}
