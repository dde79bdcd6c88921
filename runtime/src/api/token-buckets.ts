/** Tokens added per second, and how many a bucket holds. */
export interface TokenBucketOptions {
  ratePerSecond: number;
  burst: number;
}

/**
 * One token bucket per key, in memory: a key may spend `burst` tokens at once and regains
 * `ratePerSecond`. Used to limit event ingestion per API key (one token per event).
 *
 * @example
 * ```ts
 * const buckets = new TokenBuckets({ ratePerSecond: 1000, burst: 2000 });
 * const waitMs = buckets.take('key_1', events.length, Date.now());
 * if (waitMs > 0) return tooManyRequests(Math.ceil(waitMs / 1000));
 * ```
 */
export class TokenBuckets {
  readonly #options: TokenBucketOptions;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(options: TokenBucketOptions) {
    this.#options = options;
  }

  /**
   * Spends `cost` tokens of `key`'s bucket and returns 0, or spends nothing and returns the
   * milliseconds until it could. A cost above `burst` is charged as `burst`, so it can pass once full.
   */
  take(key: string, cost: number, now: number): number {
    const { ratePerSecond, burst } = this.#options;
    const bucket = this.#buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + (Math.max(0, now - bucket.at) * ratePerSecond) / 1000);
    bucket.at = now;
    this.#buckets.set(key, bucket);
    const charge = Math.min(cost, burst);
    if (bucket.tokens >= charge) {
      bucket.tokens -= charge;
      return 0;
    }
    return Math.ceil(((charge - bucket.tokens) / ratePerSecond) * 1000);
  }
}
