import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from './logger.ts';

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Elects one process of a deployment through a Redis key with a time to live: the holder renews it,
 * the others try to take it; a process that dies loses it within `ttlMs`. `onGain` and `onLose` start
 * and stop what only one process may run.
 *
 * @example
 * ```ts
 * const lease = new LeaderLease({ redis, key: 'journey:leader', logger, onGain: () => loop.start(), onLose: () => loop.stop() });
 * lease.start();
 * ```
 */
export class LeaderLease {
  readonly #options: { redis: Redis; key: string; ttlMs: number; logger: Logger; onGain: () => Promise<void> | void; onLose: () => Promise<void> };
  readonly #token = randomUUID();
  #leading = false;
  #timer: NodeJS.Timeout | undefined;
  #tick: Promise<void> = Promise.resolve();

  constructor(options: { redis: Redis; key: string; ttlMs?: number; logger: Logger; onGain: () => Promise<void> | void; onLose: () => Promise<void> }) {
    this.#options = { ttlMs: 5000, ...options };
  }

  get leading(): boolean {
    return this.#leading;
  }

  start(): void {
    const every = Math.floor(this.#options.ttlMs / 3);
    const tick = () => {
      this.#tick = this.#renewOrTake().finally(() => {
        if (this.#timer) this.#timer = setTimeout(tick, every);
      });
    };
    this.#timer = setTimeout(tick, 0);
  }

  /** Stops trying, stops the leader's work and gives the lease up for another process to take at once. */
  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#tick;
    await this.stepDown();
  }

  /**
   * Stops the leader's work and gives the lease up (when this process holds it), but keeps trying to
   * take it again: what a process does when it finds its fencing token outdated.
   */
  async stepDown(): Promise<void> {
    if (!this.#leading) return;
    this.#leading = false;
    this.#options.logger.warn({ key: this.#options.key }, 'leader lease given up');
    await this.#options.onLose();
    await this.#options.redis.eval(RELEASE, 1, this.#options.key, this.#token).catch(() => 0);
  }

  async #renewOrTake(): Promise<void> {
    const { redis, key, ttlMs, logger } = this.#options;
    let holds: boolean;
    try {
      holds = this.#leading
        ? (await redis.eval(RENEW, 1, key, this.#token, String(ttlMs))) === 1
        : (await redis.set(key, this.#token, 'PX', ttlMs, 'NX')) === 'OK';
    } catch (err) {
      logger.warn({ err }, 'leader lease cannot reach Redis');
      holds = false;
    }
    if (holds === this.#leading) return;
    this.#leading = holds;
    logger.info({ key }, holds ? 'this process now runs event processing, the outbox and the sweeper' : 'leader lease lost');
    try {
      if (holds) await this.#options.onGain();
      else await this.#options.onLose();
    } catch (err) {
      logger.error({ err, key }, 'leader lease change failed');
      if (holds) await this.stepDown();
    }
  }
}
