/**
 * A worker process: `pnpm worker`. Processes run jobs from BullMQ on `REDIS_URL` against the same
 * `DATABASE_URL` as the API server, and takes its turn at event processing, the outbox and the sweeper
 * when it holds the deployment's lease. Any number may run. Configuration is by environment (SPEC §5).
 */
import { openStore } from '@journey/db';
import { pino } from 'pino';
import { bullmqOptions, loadLibrary, redactedUrl, runtimeOptions } from './api/server.ts';
import { loadConfig } from './config.ts';
import { createRuntime } from './runtime.ts';

const config = loadConfig(process.env);
const queue = bullmqOptions(config, true);
if (!queue) {
  console.error('REDIS_URL is not set: a worker needs Redis (e.g. REDIS_URL=redis://127.0.0.1:6379 pnpm worker).');
  console.error('Without Redis, `pnpm start` runs the embedded queue inside the server; no worker is needed.');
  process.exit(1);
}

const logger = pino({ level: config.logLevel });
const store = await openStore(config.databaseUrl);
const library = await loadLibrary(config, logger);
const runtime = createRuntime({ store, logger, queue, ...runtimeOptions(config, library) });
await runtime.plugins.refreshSettings();
runtime.start();
console.log(`Worker ${process.pid} on ${redactedUrl(queue.redisUrl)} (prefix ${queue.prefix}, concurrency ${queue.concurrency}).`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`${signal} received; finishing the jobs in flight…`);
    runtime.stop().then(
      async () => {
        await store.close();
        process.exit(0);
      },
      (err: unknown) => {
        console.error('Shutdown failed', err);
        process.exit(1);
      },
    );
  });
}
