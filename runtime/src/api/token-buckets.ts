import type { Redis } from 'ioredis';

/** Tokens added per second, and how many a bucket holds. */
export interface TokenBucketOptions {
  ratePerSecond: number;
  burst: number;
}

/**
 * Token buckets per key: a key may spend `burst` tokens at once and regains `ratePerSecond`. Used to
 * limit event ingestion per API key (one token per event).
 */
export interface IngestLimiter {
  /**
   * Spends `cost` tokens of `key`'s bucket and resolves to 0, or spends nothing and resolves to the
   * milliseconds until it could. A cost above `burst` is charged as `burst`, so it can pass once full.
   */
  take(key: string, cost: number, now: number): Promise<number>;
}

/**
 * The buckets in this process's memory: right for one API process (the embedded default).
 *
 * @example
 * ```ts
 * const buckets = new TokenBuckets({ ratePerSecond: 1000, burst: 2000 });
 * const waitMs = await buckets.take('key_1', events.length, Date.now());
 * if (waitMs > 0) return tooManyRequests(Math.ceil(waitMs / 1000));
 * ```
 */
export class TokenBuckets implements IngestLimiter {
  readonly #options: TokenBucketOptions;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(options: TokenBucketOptions) {
    this.#options = options;
  }

  async take(key: string, cost: number, now: number): Promise<number> {
    const { ratePerSecond, burst } = this.#options;
    const bucket = this.#buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + (Math.max(0, now - bucket.at) * ratePerSecond) / 1000);
    bucket.at = Math.max(bucket.at, now);
    this.#buckets.set(key, bucket);
    const charge = Math.min(cost, burst);
    if (bucket.tokens >= charge) {
      bucket.tokens -= charge;
      return 0;
    }
    return Math.ceil(((charge - bucket.tokens) / ratePerSecond) * 1000);
  }
}

/** The same bucket as {@link TokenBuckets}, refilled and spent in one Redis call. */
const TAKE_SCRIPT = `
local rate, burst, cost, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local stored = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens, at = tonumber(stored[1]) or burst, tonumber(stored[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
local charge, wait = math.min(cost, burst), 0
if tokens >= charge then tokens = tokens - charge else wait = math.ceil((charge - tokens) / rate * 1000) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(math.max(at, now)))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 60000)
return wait`;

/**
 * The buckets in Redis, so every API process spends from the same ones (with `REDIS_URL`). Keys live
 * under `<prefix>:ingest:` and expire once a bucket would be full again.
 *
 * @example
 * ```ts
 * const buckets = new RedisTokenBuckets(new Redis(process.env.REDIS_URL!), 'journey', { ratePerSecond: 1000, burst: 2000 });
 * ```
 */
export class RedisTokenBuckets implements IngestLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly options: TokenBucketOptions,
  ) {}

  async take(key: string, cost: number, now: number): Promise<number> {
    const { ratePerSecond, burst } = this.options;
    const wait = await this.redis.eval(TAKE_SCRIPT, 1, `${this.prefix}:ingest:${key}`, ratePerSecond, burst, cost, now);
    return Number(wait);
  }
}
