import type { Repositories, Store } from '@journey/db';

/** A leader-only write was refused: another process took the lease since this one won it. */
export class LeaseLost extends Error {
  constructor(name: string) {
    super(`The ${name} lease is held by another process now; this one stepped down`);
    this.name = 'LeaseLost';
  }
}

/**
 * The fencing token of the leader lease in the store. The process that wins the lease takes a new
 * token (`acquire`), and every leader-only transaction checks it first (`check`), so a process that
 * lost the lease without noticing (a long pause, a Redis flush) cannot write after its successor
 * started: its check fails, it tells `onLost`, and the transaction rolls back.
 *
 * @example
 * ```ts
 * const fence = new LeaderFence(store, 'leader');
 * fence.onLost = () => lease.stepDown();
 * await fence.acquire(clock.now());
 * await store.transaction(async (tx) => { await fence.check(tx); … });
 * ```
 */
export class LeaderFence {
  readonly #store: Store;
  readonly #name: string;
  #token: number | null = null;
  /** Called when a check finds that another process holds the lease. */
  onLost: () => void = () => {};

  constructor(store: Store, name: string) {
    this.#store = store;
    this.#name = name;
  }

  async acquire(now: number): Promise<void> {
    this.#token = await this.#store.leases.acquire(this.#name, now);
  }

  release(): void {
    this.#token = null;
  }

  /** Throws `LeaseLost` unless this process still holds the lease; inside `tx`, the answer holds until it commits. */
  async check(tx: Repositories): Promise<void> {
    if (this.#token !== null && (await tx.leases.holds(this.#name, this.#token))) return;
    this.#token = null;
    this.onLost();
    throw new LeaseLost(this.#name);
  }
}
