import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openStore, type Store, type StoreKind } from '../../db/src/index.ts';
import { createTestDatabase, type PostgresTestDatabase } from '../../db/src/postgres/test-database.ts';
import { clearAll } from '../../db/src/testing.ts';

/** A fresh store for each test case, and where it lives (a `DATABASE_URL` for another process). */
export interface TestStores {
  open(): Promise<{ store: Store; url: string }>;
  /** Closes a store `open` gave and forgets its data. */
  close(store: Store): Promise<void>;
}

/**
 * Stores of one kind for the tests of a file: SQLite, a file in a temp folder per case; PostgreSQL, one
 * database per file (created before its tests, dropped after), emptied between cases. Registers its
 * own `beforeAll`/`afterAll`; call it at the top of a `describe` or file.
 *
 * @example
 * ```ts
 * const stores = testStores('postgres');
 * beforeEach(async () => ({ store } = await stores.open()));
 * afterEach(() => stores.close(store));
 * ```
 */
export function testStores(kind: StoreKind): TestStores {
  let database: PostgresTestDatabase | undefined;
  const dirs = new Map<Store, string>();
  if (kind === 'postgres') {
    beforeAll(async () => {
      database = await createTestDatabase();
    });
    afterAll(() => database?.drop());
  }
  return {
    async open() {
      if (kind === 'postgres') {
        const store = await openStore(database!.url);
        await clearAll(store);
        return { store, url: database!.url };
      }
      const dir = mkdtempSync(join(tmpdir(), 'journey-test-store-'));
      const url = join(dir, 'journeys.db');
      const store = await openStore(url);
      dirs.set(store, dir);
      return { store, url };
    },
    async close(store) {
      await store.close();
      const dir = dirs.get(store);
      if (dir) rmSync(dir, { recursive: true, force: true });
      dirs.delete(store);
    },
  };
}
