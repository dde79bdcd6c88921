import { createRequire } from 'node:module';
import { afterAll, beforeAll } from 'vitest';
import type { StoreKind } from '../../db/src/index.ts';
// test/ is not a workspace package: BullMQ resolves from the runtime package, which depends on it.
import type * as BullMQModule from '../../runtime/node_modules/bullmq/dist/esm/index.js';
import { createRuntime } from '../../runtime/src/runtime.ts';
import { acquireTestRedis, type TestRedis } from '../support/redis-server.ts';
import { runtimeBehaviourSuite } from './runtime-behaviour.ts';

const { Queue } = createRequire(new URL('../../runtime/package.json', import.meta.url))('bullmq') as typeof BullMQModule;

/**
 * The behaviour suite on the BullMQ driver, on a store of `kind`: each case in its own key prefix on
 * the shared Redis. The suite moves a fake clock while BullMQ's delayed jobs keep wall-clock time, so
 * the sweeper (no grace, every 50 ms) brings due runs in.
 */
export function bullmqBehaviourSuite(kind: StoreKind): void {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await acquireTestRedis();
  });
  afterAll(() => redis.release());

  let cases = 0;
  const prefix = () => `test-behaviour-${kind}-${process.pid}-${cases}`;
  runtimeBehaviourSuite({
    name: kind === 'sqlite' ? 'BullMQ' : 'BullMQ (PostgreSQL)',
    store: kind,
    create: (store, clock) =>
      createRuntime({
        store,
        clock,
        logger: { info: () => {}, warn: () => {}, error: () => {} },
        queue: { redisUrl: redis.url, prefix: (++cases, prefix()), sweepGraceMs: 0, sweepIntervalMs: 50 },
      }),
    async dispose() {
      const queue = new Queue('runs', { connection: { url: redis.url, maxRetriesPerRequest: null }, prefix: prefix() });
      await queue.obliterate({ force: true });
      await queue.close();
    },
  });
}
