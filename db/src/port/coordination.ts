/**
 * What several processes of one deployment coordinate through the store: the fencing token of the
 * leader lease, and failed sign-ins (so every API process sees the same counts).
 *
 * @example
 * ```ts
 * const token = await store.leases.acquire('leader', now); // on winning the Redis lease
 * await store.transaction(async (tx) => {
 *   if (!(await tx.leases.holds('leader', token))) throw new LeaseLost();
 *   // … leader-only writes …
 * });
 * ```
 */
export interface LeaseRepository {
  /** A new fencing token for lease `name`, higher than every token before: from now on older ones no longer hold. */
  acquire(name: string, now: number): Promise<number>;
  /**
   * Whether `token` is still the newest token of lease `name`. Asked inside a transaction, the answer
   * holds until it ends: a newer `acquire` waits for it, so no write of an old holder commits after it.
   */
  holds(name: string, token: number): Promise<boolean>;
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
  /** Marks `key` until `until` with no failures counted (e.g. an address an account signed in from). */
  hold(key: string, now: number, until: number): Promise<void>;
  clear(keys: readonly string[]): Promise<void>;
}
