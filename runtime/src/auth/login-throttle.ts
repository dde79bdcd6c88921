/** How many failed sign-ins lock a key, over which window, and for how long. */
export interface LoginThrottleOptions {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

interface Failures {
  count: number;
  firstAt: number;
  lockedUntil: number;
}

/**
 * Counts failed sign-ins per key (an email, a client address) in memory and locks a key for
 * `lockMs` once it reaches `maxFailures` within `windowMs`; a successful sign-in clears it.
 *
 * @example
 * ```ts
 * const throttle = new LoginThrottle({ maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 });
 * const wait = throttle.lockedFor(['email:a@b.c'], now); // 0 = go ahead
 * if (!passwordOk) throttle.fail(['email:a@b.c'], now);
 * ```
 */
export class LoginThrottle {
  readonly #options: LoginThrottleOptions;
  readonly #failures = new Map<string, Failures>();

  constructor(options: LoginThrottleOptions) {
    this.#options = options;
  }

  /** Milliseconds until every key in `keys` may try again; 0 when none is locked. */
  lockedFor(keys: readonly string[], now: number): number {
    let wait = 0;
    for (const key of keys) wait = Math.max(wait, (this.#failures.get(key)?.lockedUntil ?? 0) - now);
    return wait;
  }

  fail(keys: readonly string[], now: number): void {
    const { maxFailures, windowMs, lockMs } = this.#options;
    if (this.#failures.size > 50_000) this.#prune(now);
    for (const key of keys) {
      let entry = this.#failures.get(key);
      if (!entry || now - entry.firstAt > windowMs) {
        entry = { count: 0, firstAt: now, lockedUntil: 0 };
        this.#failures.set(key, entry);
      }
      entry.count++;
      if (entry.count >= maxFailures) entry.lockedUntil = now + lockMs;
    }
  }

  succeed(keys: readonly string[]): void {
    for (const key of keys) this.#failures.delete(key);
  }

  #prune(now: number): void {
    for (const [key, entry] of this.#failures) {
      if (entry.lockedUntil <= now && now - entry.firstAt > this.#options.windowMs) this.#failures.delete(key);
    }
  }
}
