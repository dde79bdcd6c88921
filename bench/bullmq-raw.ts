import { createRequire } from 'node:module';
// bench/ is not a workspace package: BullMQ (and the ioredis it loads) is resolved from the runtime
// package, which depends on them. Its CommonJS build creates the Redis client from connection options.
import type * as BullMQModule from '../runtime/node_modules/bullmq/dist/esm/index.js';

type BullMQ = typeof BullMQModule;
const { Queue, Worker } = createRequire(new URL('../runtime/package.json', import.meta.url))('bullmq') as BullMQ;
import { benchRow, type BenchSection } from './bench-section.ts';

const JOBS = Number(process.env.BENCH_BULLMQ_JOBS ?? 10_000);

/**
 * The yardstick of SPEC §7: a raw BullMQ loop of no-op jobs on `REDIS_URL`, enqueued in bulk, then
 * processed by one worker (concurrency 50). Each job counts as one node step.
 */
export const bullmqRawSection: BenchSection = {
  name: 'bullmq raw',
  async run() {
    const url = process.env.REDIS_URL;
    if (!url) {
      console.error('bench: REDIS_URL is not set, skipping the raw BullMQ baseline');
      return [];
    }
    const connection = { url, maxRetriesPerRequest: null };
    const name = `bench-raw-${process.pid}`;
    const queue = new Queue(name, { connection });
    try {
      for (let i = 0; i < JOBS; i += 1000) {
        await queue.addBulk(Array.from({ length: Math.min(1000, JOBS - i) }, (_, j) => ({ name: 'noop', data: { i: i + j } })));
      }
      const started = performance.now();
      let done = 0;
      let finished = () => {};
      const allDone = new Promise<void>((resolve) => (finished = resolve));
      const worker = new Worker(name, async () => undefined, { connection, concurrency: 50 });
      worker.on('completed', () => {
        if (++done === JOBS) finished();
      });
      await allDone;
      const ms = performance.now() - started;
      await worker.close();
      return [benchRow('bullmq raw', 'no-op jobs (1 job = 1 step)', JOBS, JOBS, ms)];
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  },
};
