import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireTestRedis, type TestRedis } from '../../../test/support/redis-server.ts';
import { RedisTokenBuckets, TokenBuckets, type IngestLimiter } from './token-buckets.ts';

const options = { ratePerSecond: 10, burst: 20 };

/** What every limiter does with one key: a burst, then the rate. */
async function spendsLikeABucket(buckets: IngestLimiter) {
  const key = randomUUID();
  expect(await buckets.take(key, 15, 0)).toBe(0);
  expect(await buckets.take(key, 10, 0)).toBe(500);
  expect(await buckets.take(key, 10, 500)).toBe(0);
  // A cost above the burst passes once the bucket is full.
  expect(await buckets.take(key, 100, 500)).toBe(2000);
  expect(await buckets.take(key, 100, 2500)).toBe(0);
}

describe('ingest token buckets', () => {
  let redis: TestRedis;
  const clients: Redis[] = [];
  beforeAll(async () => {
    redis = await acquireTestRedis();
  });
  afterAll(async () => {
    for (const client of clients) await client.quit();
    await redis.release();
  });
  const client = () => {
    const c = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    clients.push(c);
    return c;
  };

  it('in memory: spends a burst, then refills at the rate', () => spendsLikeABucket(new TokenBuckets(options)));

  it('in Redis: the same bucket', () => spendsLikeABucket(new RedisTokenBuckets(client(), `test-${randomUUID()}`, options)));

  it('in Redis: two API processes spend from one bucket per key', async () => {
    const prefix = `test-${randomUUID()}`;
    const [first, second] = [new RedisTokenBuckets(client(), prefix, options), new RedisTokenBuckets(client(), prefix, options)];
    expect(await first.take('key_1', 15, 1000)).toBe(0);
    expect(await second.take('key_1', 10, 1000)).toBe(500);
    expect(await second.take('key_2', 10, 1000)).toBe(0);
    const ttl = await clients[clients.length - 1]!.pttl(`${prefix}:ingest:key_1`);
    expect(ttl).toBeGreaterThan(0);
  });
});
