import type { Repositories, Store } from '@journey/db';
import type { ExecutorRegistry } from '@journey/nodes/server';
import { compileJourney, type CompiledJourney } from '@journey/nodes/engine';

/**
 * Published journey versions, compiled once: versions are immutable, so entries never go stale.
 * A version that cannot be compiled is cached as its error.
 *
 * @example
 * ```ts
 * const journeys = new JourneyCache(store, executors);
 * const journey = await journeys.get('jrn_1', 3);
 * await store.transaction(async (tx) => (await journeys.get('jrn_1', 3, tx)).entries);
 * ```
 */
export class JourneyCache {
  readonly #versions = new Map<string, CompiledJourney | Error>();
  readonly #store: Store;
  readonly #executors: ExecutorRegistry;

  constructor(store: Store, executors: ExecutorRegistry) {
    this.#store = store;
    this.#executors = executors;
  }

  /**
   * The compiled version; rejects when it does not exist or cannot be read. Inside a transaction, pass
   * its repositories as `db`: a miss then reads through them (the store's own would wait for the transaction).
   */
  async get(journeyId: string, version: number, db: Repositories = this.#store): Promise<CompiledJourney> {
    const key = `${journeyId}@${version}`;
    let entry = this.#versions.get(key);
    if (!entry) {
      // Misses are not shared while in flight: one may read inside a transaction, another outside it.
      const row = await db.journeys.version(journeyId, version);
      try {
        if (!row) throw new Error(`Version ${version} of journey ${journeyId} does not exist`);
        entry = compileJourney({ journeyId, version, graph: row.graph, settings: row.settings }, this.#executors);
      } catch (err) {
        entry = err instanceof Error ? err : new Error(String(err));
      }
      this.#versions.set(key, entry);
    }
    if (entry instanceof Error) throw entry;
    return entry;
  }
}
