import type { Store } from '@journey/db';
import { DEFAULT_WORKSPACE_SETTINGS, type WorkspaceSettings } from '@journey/nodes';

/** How long a process trusts the workspace settings it read before reading them again. */
export const WORKSPACE_SETTINGS_TTL_MS = 1000;

/**
 * The workspace settings as the queue's hot path reads them: from memory, read again from the store
 * once they are `ttlMs` old (so a change saved through another process applies within that time) or at
 * once after `invalidate()` (a change saved through this one).
 *
 * @example
 * ```ts
 * const settings = new WorkspaceSettingsCache(store);
 * (await settings.get()).frequencyCap.rules;
 * settings.invalidate(); // after PUT /api/settings
 * ```
 */
export class WorkspaceSettingsCache {
  readonly #store: Store;
  readonly #ttlMs: number;
  #value: WorkspaceSettings | undefined;
  #readAt = 0;
  #generation = 0;

  constructor(store: Store, ttlMs = WORKSPACE_SETTINGS_TTL_MS) {
    this.#store = store;
    this.#ttlMs = ttlMs;
  }

  async get(): Promise<WorkspaceSettings> {
    if (this.#value && performance.now() - this.#readAt < this.#ttlMs) return this.#value;
    const generation = this.#generation;
    const readAt = performance.now();
    const value = (await this.#store.settings.get())?.settings ?? DEFAULT_WORKSPACE_SETTINGS;
    // A read that an invalidation overtook may hold the old settings: use it once, keep it not.
    if (generation === this.#generation) {
      this.#value = value;
      this.#readAt = readAt;
    }
    return value;
  }

  /** Forgets the settings: the next `get` reads them from the store. */
  invalidate(): void {
    this.#generation++;
    this.#value = undefined;
  }
}
