import { createRequire } from 'node:module';
import type * as BullMQModule from '../runtime/node_modules/bullmq/dist/esm/index.js';
import { driverSection } from './embedded.ts';

type BullMQ = typeof BullMQModule;
const { Queue } = createRequire(new URL('../runtime/package.json', import.meta.url))('bullmq') as BullMQ;

/** The driver options of a BullMQ section on `REDIS_URL` (`null` without it), each scenario in its own key prefix. */
function bullmqDriver(name: string) {
  return () => {
    const redisUrl = process.env.REDIS_URL;
    if (!redisUrl) {
      console.error(`bench: REDIS_URL is not set, skipping ${name}`);
      return null;
    }
    const prefix = `bench-driver-${process.pid}-${Date.now()}`;
    return {
      options: { queue: { redisUrl, prefix, ...(process.env.BENCH_BULLMQ_CONCURRENCY ? { concurrency: Number(process.env.BENCH_BULLMQ_CONCURRENCY) } : {}) } },
      async cleanup() {
        const queue = new Queue('runs', { connection: { url: redisUrl, maxRetriesPerRequest: null }, prefix });
        await queue.obliterate({ force: true });
        await queue.close();
      },
    };
  };
}

/**
 * The BullMQ driver on `REDIS_URL`, in this one process (events, sweeper, worker with the default
 * concurrency), beside the raw no-op loop of the same run.
 */
export const bullmqDriverSection = driverSection('bullmq', bullmqDriver('the BullMQ driver'));

/** The same on PostgreSQL. */
export const bullmqPostgresSection = driverSection('bullmq postgres', bullmqDriver('the BullMQ driver on PostgreSQL'), 'postgres');
