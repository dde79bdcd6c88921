/**
 * Test helpers over any store: read tables as records, snapshot every table, and run setup SQL
 * (portable SQL with `?` placeholders). Not for the runtime: it uses the repositories.
 *
 * @example
 * ```ts
 * const messages = await tableRows(store, 'messages');
 * const before = await snapshot(store);
 * await execute(store, `UPDATE runs SET status = 'failed'`);
 * ```
 */
import type { Store } from './port/store.ts';
import { RAW_ACCESS, type RawAccess } from './raw-access.ts';

const JSON_COLUMNS = new Set(['attributes', 'properties', 'context', 'graph', 'settings', 'waiting_match', 'rules', 'benefits']);

function raw(store: Store): RawAccess {
  const access = (store as unknown as Record<symbol, RawAccess | undefined>)[RAW_ACCESS];
  if (!access) throw new Error('This store offers no raw access for tests');
  return access;
}

const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function toRecord(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([column, value]) => [camel(column), JSON_COLUMNS.has(column) && typeof value === 'string' ? JSON.parse(value) : value]),
  );
}

/** Every row of a table (in insertion order where the table has one), keys in camelCase, JSON columns parsed. */
export async function tableRows<T = Record<string, unknown>>(store: Store, table: string): Promise<T[]> {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`Not a table name: ${table}`);
  return (await raw(store).query(`SELECT * FROM ${table}`)).map(toRecord) as T[];
}

/** Runs a statement (test setup), with `?` placeholders; returns its rows, if any. */
export async function execute(store: Store, text: string, params: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
  return (await raw(store).query(text, params)).map(toRecord);
}

/** Every row of every application table, to show that a refused request changed nothing. */
export async function snapshot(store: Store): Promise<Record<string, unknown[]>> {
  const tables = await raw(store).tables();
  const entries = await Promise.all(tables.map(async (table) => [table, await raw(store).query(`SELECT * FROM ${table}`)] as const));
  return Object.fromEntries(entries);
}

/** Empties every application table, so one database can serve test after test. */
export function clearAll(store: Store): Promise<void> {
  return raw(store).clear();
}
