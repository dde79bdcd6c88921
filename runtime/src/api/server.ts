import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { openStore } from '@journey/db';
import { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import { ensureFirstAdmin } from '../auth/users.ts';
import { WebhookChannelAdapter } from '../channels/webhook-channel-adapter.ts';
import type { Config } from '../config.ts';
import type { BullmqQueueOptions } from '../queue/bullmq-driver.ts';
import { loadNodeLibrary, type NodeLibrary } from '../plugins/node-library.ts';
import { createRuntime, type RuntimeOptions } from '../runtime.ts';
import { createApp } from './app.ts';
import { editorApp } from './editor-static.ts';

/** The built editor that `pnpm start` and `pnpm build` produce. */
export const EDITOR_DIST = resolve(import.meta.dirname, '../../../editor/dist');

/** A started server; `close` stops taking requests, waits for the runtime, and closes the store. */
export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Opens the store (applying migrations), creates the first admin if there is no user, starts the
 * runtime, and serves the API and the editor. `print` receives the lines meant for the operator.
 *
 * @example
 * ```ts
 * const server = await startServer(loadConfig(process.env));
 * process.once('SIGTERM', () => server.close());
 * ```
 */
export async function startServer(
  config: Config,
  options: { logger?: Logger; editorDist?: string; print?: (line: string) => void } = {},
): Promise<RunningServer> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const print = options.print ?? ((line: string) => console.log(line));

  const store = await openStore(config.databaseUrl);
  const admin = await ensureFirstAdmin(store, { email: config.adminEmail, password: config.adminPassword });
  const library = await loadLibrary(config, logger);
  const queue = bullmqOptions(config, config.queue.serverWorker);
  const runtime = createRuntime({ store, logger, ...runtimeOptions(config, library), ...(queue ? { queue } : {}) });
  const resealed = await runtime.plugins.settings.reseal(runtime.clock.now());
  if (resealed > 0) logger.info({ resealed }, `sealed ${resealed} saved secret(s) again under the current JOURNEY_SECRETS_KEY`);
  await runtime.plugins.refreshSettings();
  runtime.start();

  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2 }) : undefined;
  redis?.on('error', (err) => logger.warn({ err }, 'Redis connection error (ingest rate limits)'));
  const app = createApp({ store, runtime, registry: library.registry, executors: library.executors, plugins: library, config, logger, ...(redis ? { redis } : {}) }).route(
    '/',
    editorApp(options.editorDist ?? EDITOR_DIST),
  );
  const server = await new Promise<ReturnType<typeof serve>>((done, fail) => {
    const s = serve({ fetch: app.fetch, port: config.port }, () => done(s));
    s.once('error', fail);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;

  print(`Journey builder is running on ${url} (API: ${url}/api, docs: ${url}/api/docs)`);
  if (admin.created && admin.generatedPassword) {
    print(`Created the first admin. Sign in as ${admin.email} with this password (shown only once): ${admin.generatedPassword}`);
  } else if (admin.created) {
    print(`Created the first admin. Sign in as ${admin.email} with ADMIN_PASSWORD.`);
  } else {
    print('Sign in with your account.');
  }
  print(
    queue
      ? `Queue: BullMQ on ${redactedUrl(queue.redisUrl)} (prefix ${queue.prefix}); ${queue.work ? 'this server also processes jobs' : 'jobs are left to `pnpm worker` processes'}.`
      : 'Queue: embedded (SQLite); set REDIS_URL to run on BullMQ with `pnpm worker` processes.',
  );
  if (config.adminApiKey) print('Machines can call the API with Authorization: Bearer <ADMIN_API_KEY>.');

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((done) => {
          server.close(() => done());
          if ('closeIdleConnections' in server) server.closeIdleConnections();
        });
        await runtime.stop();
        await redis?.quit();
        await store.close();
      })()),
  };
}

/** Loads the node library (built-ins and plugins), logging each plugin left out. */
export async function loadLibrary(config: Config, logger: Logger): Promise<NodeLibrary> {
  const library = await loadNodeLibrary({ list: config.plugins });
  for (const problem of library.problems) logger.error(problem, `plugin ${problem.name} left out: ${problem.message}`);
  for (const plugin of library.plugins) logger.info({ plugin: plugin.name, source: plugin.source, nodeTypes: plugin.nodes.map((n) => n.spec.type) }, 'plugin loaded');
  return library;
}

/**
 * What the server and every worker give the runtime: the node library, the key sealing the plugins'
 * secrets, and the operator's relay as the default channel.
 */
export function runtimeOptions(config: Config, library: NodeLibrary): Pick<RuntimeOptions, 'registry' | 'executors' | 'plugins' | 'channel' | 'secrets'> {
  return {
    registry: library.registry,
    executors: library.executors,
    plugins: library.plugins,
    secrets: config.secrets,
    ...(config.channelWebhookUrl ? { channel: new WebhookChannelAdapter(config.channelWebhookUrl) } : {}),
  };
}

/**
 * The BullMQ driver's options from the configuration, or undefined (the embedded queue) when
 * `REDIS_URL` is unset; `work` says whether this process processes jobs.
 */
export function bullmqOptions(config: Config, work: boolean): BullmqQueueOptions | undefined {
  if (!config.redisUrl) return undefined;
  return { redisUrl: config.redisUrl, prefix: config.queue.prefix, concurrency: config.queue.concurrency, sweepGraceMs: config.queue.sweepGraceMs, work };
}

/** A Redis URL without its password, for logs. */
export function redactedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
