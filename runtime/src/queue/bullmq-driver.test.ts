import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '@journey/db';
import { execute } from '@journey/db/testing';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acquireTestRedis, type TestRedis } from '../../../test/support/redis-server.ts';
import { createRuntime } from '../runtime.ts';
import type { Runtime } from '../runtime-contract.ts';
import { chainGraph, insertLiveJourney } from './journey-fixtures.ts';

const push = (id: string) => [id, 'content_push', { template: '你好 {{contact.id}}' }] as [string, string, Record<string, unknown>];
const graph = chainGraph([['entry', 'entry'], push('p1'), ['w', 'wait', { mode: 'duration', duration: { seconds: 1 } }], push('p2')]);

describe('BullMQ driver on a real Redis', () => {
  let redis: TestRedis;
  let client: Redis;
  let dir: string;
  let store: Store;
  let runtime: Runtime;
  let prefix: string;

  beforeAll(async () => {
    redis = await acquireTestRedis();
    client = new Redis(redis.url, { maxRetriesPerRequest: null });
  });
  afterAll(async () => {
    client.disconnect();
    await redis.release();
  });
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bullmq-driver-'));
    store = await openStore(join(dir, 'test.db'));
    prefix = `test-bullmq-${process.pid}-${Date.now()}`;
    await insertLiveJourney(store, { id: 'j1', graph });
    runtime = createRuntime({
      store,
      logger: pino({ level: 'silent' }),
      queue: { redisUrl: redis.url, prefix, sweepGraceMs: 500, sweepIntervalMs: 200 },
    });
  });
  afterEach(async () => {
    await runtime.stop();
    const keys = await client.keys(`${prefix}:*`);
    if (keys.length > 0) await client.del(...keys);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = async (sql: string) => Number((await execute(store, sql))[0]!.n);
  /** Waits for every run to end (idle() alone returns while runs wait on timers), then for the outbox. */
  const allEnded = async (runs: number) => {
    const deadline = Date.now() + 30_000;
    while ((await count(`SELECT COUNT(*) AS n FROM runs WHERE status IN ('completed', 'exited', 'failed')`)) < runs) {
      if (Date.now() > deadline) throw new Error('runs did not end within 30 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    await runtime.idle({ timeoutMs: 30_000 });
  };

  it('runs contacts through a timed wait to the end, each message once, and reports itself healthy', async () => {
    runtime.start();
    await runtime.ingestEvents(Array.from({ length: 50 }, (_, i) => ({ contactId: `c${i}`, type: 'contact.acquired', properties: {} })));
    await allEnded(50);
    expect(await count(`SELECT COUNT(*) AS n FROM runs WHERE status = 'completed'`)).toBe(50);
    expect(await count('SELECT COUNT(*) AS n FROM messages')).toBe(100);
    expect(await count('SELECT COUNT(*) AS n FROM deliveries')).toBe(100);
    expect(runtime.queueStatus()).toEqual({ driver: 'bullmq', redis: { ok: true }, leader: true });
  });

  it('recovers every run from the database when Redis loses the queue mid-flow', async () => {
    runtime.start();
    await runtime.ingestEvents(Array.from({ length: 50 }, (_, i) => ({ contactId: `c${i}`, type: 'contact.acquired', properties: {} })));
    while ((await count(`SELECT COUNT(*) AS n FROM runs WHERE status = 'waiting'`)) < 50) await new Promise((r) => setTimeout(r, 20));
    // Every delayed job is gone, as after a flush or a Redis restart without persistence.
    const keys = (await client.keys(`${prefix}:runs:*`)).filter((k) => !k.endsWith(':leader'));
    await client.del(...keys);
    await allEnded(50);
    expect(await count(`SELECT COUNT(*) AS n FROM runs WHERE status = 'completed'`)).toBe(50);
    expect(await count('SELECT COUNT(*) AS n FROM deliveries')).toBe(100);
  });
});
