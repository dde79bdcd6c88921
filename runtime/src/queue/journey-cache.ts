import type { Store } from '@journey/db';
import type { ExecutorRegistry } from '@journey/nodes/server';
import { compileJourney, type CompiledJourney } from '../engine/compile-journey.ts';

/**
 * Published journey versions, compiled once: versions are immutable, so entries never go stale.
 * A version that cannot be compiled is cached as its error.
 *
 * @example
 * ```ts
 * const journeys = new JourneyCache(store, executors);
 * const journey = await journeys.get('jrn_1', 3);
 * ```
 */
export class JourneyCache {
  readonly #versions = new Map<string, CompiledJourney | Error>();
  readonly #loading = new Map<string, Promise<CompiledJourney | Error>>();
  readonly #store: Store;
  readonly #executors: ExecutorRegistry;

  constructor(store: Store, executors: ExecutorRegistry) {
    this.#store = store;
    this.#executors = executors;
  }

  /** The compiled version; rejects when it does not exist or cannot be read. */
  async get(journeyId: string, version: number): Promise<CompiledJourney> {
    const entry = this.#versions.get(`${journeyId}@${version}`) ?? (await this.#load(journeyId, version));
    if (entry instanceof Error) throw entry;
    return entry;
  }

  /** The compiled version if it is cached, without reading the store (undefined otherwise). */
  cached(journeyId: string, version: number): CompiledJourney | undefined {
    const entry = this.#versions.get(`${journeyId}@${version}`);
    return entry instanceof Error ? undefined : entry;
  }

  #load(journeyId: string, version: number): Promise<CompiledJourney | Error> {
    const key = `${journeyId}@${version}`;
    let loading = this.#loading.get(key);
    if (!loading) {
      loading = this.#store.journeys.version(journeyId, version).then(
        (row) => {
          let entry: CompiledJourney | Error;
          try {
            if (!row) throw new Error(`Version ${version} of journey ${journeyId} does not exist`);
            entry = compileJourney({ journeyId, version, graph: row.graph, settings: row.settings }, this.#executors);
          } catch (err) {
            entry = err instanceof Error ? err : new Error(String(err));
          }
          this.#versions.set(key, entry);
          this.#loading.delete(key);
          return entry;
        },
        (err: unknown) => {
          this.#loading.delete(key);
          throw err;
        },
      );
      this.#loading.set(key, loading);
    }
    return loading;
  }
}
