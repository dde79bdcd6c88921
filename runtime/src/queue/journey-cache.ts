import type { Store } from '@journey/db';
import type { ExecutorRegistry } from '@journey/nodes/server';
import { compileJourney, type CompiledJourney } from '../engine/compile-journey.ts';

/**
 * Published journey versions, compiled once: versions are immutable, so entries never go stale.
 * A version that cannot be compiled is cached as its error.
 */
export class JourneyCache {
  readonly #versions = new Map<string, CompiledJourney | Error>();
  readonly #select;
  readonly #executors: ExecutorRegistry;

  constructor(store: Store, executors: ExecutorRegistry) {
    this.#executors = executors;
    this.#select = store.sqlite.prepare<[string, number], { graph: string; settings: string }>(
      'SELECT graph, settings FROM journey_versions WHERE journey_id = ? AND version = ?',
    );
  }

  /** The compiled version; throws when it does not exist or cannot be read. */
  get(journeyId: string, version: number): CompiledJourney {
    const key = `${journeyId}@${version}`;
    let entry = this.#versions.get(key);
    if (!entry) {
      const row = this.#select.get(journeyId, version);
      try {
        if (!row) throw new Error(`Version ${version} of journey ${journeyId} does not exist`);
        entry = compileJourney({ journeyId, version, graph: JSON.parse(row.graph), settings: JSON.parse(row.settings) }, this.#executors);
      } catch (err) {
        entry = err instanceof Error ? err : new Error(String(err));
      }
      this.#versions.set(key, entry);
    }
    if (entry instanceof Error) throw entry;
    return entry;
  }
}
