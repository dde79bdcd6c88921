/**
 * What several processes of one deployment coordinate through the store: the fence of the leader
 * lease, and failed sign-ins (so every API process sees the same counts).
 *
 * @example
 * ```ts
 * await store.transaction(async (tx) => {
 *   if (!(await tx.leases.fence('leader', lease.token, now))) throw new LeaseLost();
 *   // … leader-only writes …
 * });
 * ```
 */
export interface LeaseRepository {
  /**
   * Records that the holder of `token` writes for lease `name`, in the caller's transaction; false
   * (nothing recorded) when a holder with a newer token has written already: this one lost the lease.
   */
  fence(name: string, token: number, now: number): Promise<boolean>;
}

/** Failed sign-ins of one key within its window, and until when it is locked (0: not locked). */
export interface LoginFailures {
  count: number;
  firstAt: number;
  lockedUntil: number;
}

/** Failed sign-ins per key (an account, a client address), counted in a window. */
export interface LoginFailureRepository {
  get(keys: readonly string[]): Promise<Map<string, LoginFailures>>;
  /**
   * Counts one failure for each key, restarting a count older than `windowMs`, and locks a key for
   * `lockMs` once it reaches `maxFailures`. Returns each key's state after.
   */
  fail(keys: readonly string[], now: number, policy: { maxFailures: number; windowMs: number; lockMs: number }): Promise<Map<string, LoginFailures>>;
  clear(keys: readonly string[]): Promise<void>;
}
