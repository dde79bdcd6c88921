import type { LoginFailureRepository } from '@journey/db';

/** How many failures lock a key, and for how long (the window that counts them is as long). */
export interface FailurePolicy {
  maxFailures: number;
  lockMs: number;
}

/**
 * Failures per key kept in the store, so every API process counts the same attempts; a key reaching
 * `maxFailures` within `lockMs` is locked for `lockMs`. Keys are namespaced by `name`.
 *
 * @example
 * ```ts
 * const changes = new FailureCounter(store.loginFailures, 'password', { maxFailures: 5, lockMs: 15 * 60_000 });
 * if (await changes.lockedFor([userId], now)) throw tooManyRequests(…);
 * ```
 */
export class FailureCounter {
  constructor(
    private readonly failures: LoginFailureRepository,
    private readonly name: string,
    private readonly policy: FailurePolicy,
  ) {}

  /** Milliseconds until none of `keys` is locked; 0 when none is. */
  async lockedFor(keys: readonly string[], now: number): Promise<number> {
    return waitOf(await this.failures.get(keys.map((key) => this.#key(key))), now);
  }

  /** Counts a failure for each key; returns how long they are locked after it (0: not locked). */
  async fail(keys: readonly string[], now: number): Promise<number> {
    const { maxFailures, lockMs } = this.policy;
    return waitOf(await this.failures.fail(keys.map((key) => this.#key(key)), now, { maxFailures, windowMs: lockMs, lockMs }), now);
  }

  async succeed(keys: readonly string[]): Promise<void> {
    await this.failures.clear(keys.map((key) => this.#key(key)));
  }

  #key(key: string): string {
    return `${this.name}:${key}`;
  }
}

function waitOf(states: Map<string, { lockedUntil: number }>, now: number): number {
  let wait = 0;
  for (const { lockedUntil } of states.values()) wait = Math.max(wait, lockedUntil - now);
  return wait;
}

/** What checking the password found. */
export type Credentials = 'correct' | 'wrong-password' | 'unknown-account';

/** How long an address an account signed in from stays trusted for that account. */
export const TRUSTED_ADDRESS_MS = 30 * 24 * 3600_000;

/**
 * Sign-in throttling that never locks a known account's correct password behind a shared address
 * (every user behind one reverse proxy or office NAT):
 *
 * - wrong passwords for one account from one address lock that pair (`maxFailures`);
 * - guesses of unknown e-mails from one address lock that address for guesses (10 × `maxFailures`),
 *   while a known account's correct password from it still signs in;
 * - wrong passwords for one account from many addresses (10 × `maxFailures`) lock the account except
 *   from addresses it signed in from before (for {@link TRUSTED_ADDRESS_MS}).
 *
 * A refused attempt answers the same whether the e-mail exists or not.
 *
 * @example
 * ```ts
 * const guard = new LoginGuard(store.loginFailures, { maxFailures: 5, lockMs: 15 * 60_000 });
 * let wait = await guard.before(email, address, now);
 * if (!wait) wait = await guard.after(email, address, now, await check(email, password));
 * ```
 */
export class LoginGuard {
  readonly #pairs: FailureCounter;
  readonly #accounts: FailureCounter;
  readonly #addresses: FailureCounter;

  constructor(
    private readonly failures: LoginFailureRepository,
    policy: FailurePolicy,
  ) {
    const wide = { maxFailures: policy.maxFailures * 10, lockMs: policy.lockMs };
    this.#pairs = new FailureCounter(failures, 'login-pair', policy);
    this.#accounts = new FailureCounter(failures, 'login-account', wide);
    this.#addresses = new FailureCounter(failures, 'login-address', wide);
  }

  /** The wait before the password is even checked: this account from this address is locked. */
  before(account: string, address: string, now: number): Promise<number> {
    return this.#pairs.lockedFor([pair(account, address)], now);
  }

  /** Counts the attempt; 0 lets it through (or answers its 401), more refuses it for that long (429). */
  async after(account: string, address: string, now: number, credentials: Credentials): Promise<number> {
    const pairKey = pair(account, address);
    if (credentials === 'correct') {
      const trusted = await this.failures.get([trustKey(pairKey)]);
      if ((trusted.get(trustKey(pairKey))?.lockedUntil ?? 0) <= now) {
        const accountWait = await this.#accounts.lockedFor([account], now);
        if (accountWait > 0) return accountWait;
      }
      await this.#pairs.succeed([pairKey]);
      await this.failures.hold(trustKey(pairKey), now, now + TRUSTED_ADDRESS_MS);
      return 0;
    }
    // The attempt that reaches a limit still answers 401; the ones after it are refused.
    const wait = Math.max(await this.#addresses.lockedFor([address], now), await this.#accounts.lockedFor([account], now));
    const [wide, key] = credentials === 'unknown-account' ? [this.#addresses, address] : [this.#accounts, account];
    await this.#pairs.fail([pairKey], now);
    await wide.fail([key], now);
    return wait;
  }
}

const pair = (account: string, address: string) => `${account}|${address}`;
const trustKey = (pairKey: string) => `login-trusted:${pairKey}`;
