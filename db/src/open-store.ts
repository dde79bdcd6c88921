import type { Store } from './port/store.ts';
import { openSqliteStore, sqlitePathFromUrl } from './sqlite/open-sqlite-store.ts';

/** True for a `DATABASE_URL` that names a PostgreSQL database. */
export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

/**
 * Opens the store `DATABASE_URL` names: SQLite for a path or `file:PATH` (default `./data/journeys.db`),
 * PostgreSQL for `postgres://…`; migrations are applied before it resolves.
 *
 * @example
 * ```ts
 * const store = await openStore(process.env.DATABASE_URL);
 * ```
 */
export async function openStore(url?: string): Promise<Store> {
  if (isPostgresUrl(url)) throw new Error('DATABASE_URL: PostgreSQL support is being built; use a SQLite path or file:PATH');
  return openSqliteStore(sqlitePathFromUrl(url));
}
