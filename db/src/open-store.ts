import { isPostgresUrl } from './database-url.ts';
import type { Store } from './port/store.ts';
import { openSqliteStore, sqlitePathFromUrl } from './sqlite/open-sqlite-store.ts';

export { isPostgresUrl };

/**
 * Opens the store `DATABASE_URL` names: SQLite for a path or `file:PATH` (default `./data/journeys.db`),
 * PostgreSQL for `postgres://…` or `postgresql://…` (`DATABASE_POOL_SIZE` connections, default 10);
 * migrations are applied before it resolves.
 *
 * @example
 * ```ts
 * const store = await openStore(process.env.DATABASE_URL);
 * ```
 */
export async function openStore(url?: string): Promise<Store> {
  if (isPostgresUrl(url)) {
    // Loaded only when asked for, so the embedded default never loads pg.
    const { openPostgresStore } = await import('./postgres/open-postgres-store.ts');
    return openPostgresStore(url);
  }
  return openSqliteStore(sqlitePathFromUrl(url));
}
