import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { openStore, type Store } from '../../db/src/index.ts';
import { pino } from '../../runtime/node_modules/pino/pino.js';
import { createApp } from '../../runtime/src/api/app.ts';
import { loadConfig } from '../../runtime/src/config.ts';
import { loadNodeLibrary } from '../../runtime/src/plugins/node-library.ts';
import { createRuntime } from '../../runtime/src/runtime.ts';
import type { Runtime } from '../../runtime/src/runtime-contract.ts';
import { dropRedisKeys } from './redis-server.ts';

/** An API answer as the carrier tests read it: the status, the body as JSON (undefined when empty) and as text. */
export interface ApiAnswer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

/** A runtime with the plugins of ./plugins, its store and its API, as a carrier's integration test drives them. */
export interface PluginRuntime {
  store: Store;
  runtime: Runtime;
  app: ReturnType<typeof createApp>;
  /** Calls the API with the admin key (or `key`), a JSON body when given. */
  api(method: string, path: string, body?: unknown, key?: string): Promise<ApiAnswer>;
  /** Creates and publishes a journey; its id. */
  publish(name: string, graph: unknown): Promise<string>;
  /** Stops the runtime, drops its Redis keys, closes and removes the store. */
  stop(): Promise<void>;
}

/**
 * Starts what a carrier's integration test needs on either queue driver: a store of its own (a
 * temporary SQLite file), the node library with every plugin of ./plugins, a runtime given `env` (the
 * plugin's variables, pointing at its double) and the API app signed in by `adminKey`.
 *
 * @example
 * ```ts
 * const t = await startPluginRuntime({ driver, redisUrl: redis.url, name: 'sms', adminKey: KEY, env: { ALIYUN_SMS_ENDPOINT: double.url, … } });
 * expect((await t.api('GET', '/api/integrations')).status).toBe(200);
 * await t.stop();
 * ```
 */
export async function startPluginRuntime(options: {
  driver: 'embedded' | 'bullmq';
  redisUrl: string;
  /** Names the temporary folder and the Redis prefix. */
  name: string;
  adminKey: string;
  env: Record<string, string>;
}): Promise<PluginRuntime> {
  const { driver, name, adminKey, env } = options;
  const prefix = `test-${name}-${process.pid}-${Date.now()}`;
  const dir = mkdtempSync(join(tmpdir(), `${name}-test-`));
  const store = await openStore(`file:${join(dir, 'j.db')}`);
  const library = await loadNodeLibrary({ list: undefined }, {});
  const config = loadConfig({ PORT: '0', DATABASE_URL: ':memory:', ADMIN_API_KEY: adminKey, LOG_LEVEL: 'silent', ...env });
  const runtime = createRuntime({
    store,
    logger: { info: () => {}, warn: () => {}, error: () => {} },
    registry: library.registry,
    executors: library.executors,
    plugins: library.plugins,
    env,
    secrets: config.secrets,
    ...(driver === 'bullmq' ? { queue: { redisUrl: options.redisUrl, prefix, sweepGraceMs: 0, sweepIntervalMs: 50 } } : {}),
  });
  runtime.start();
  const app = createApp({ store, runtime, registry: library.registry, plugins: library, config, logger: pino({ level: 'silent' }) });

  const api = async (method: string, path: string, body?: unknown, key = adminKey): Promise<ApiAnswer> => {
    const res = await app.fetch(
      new Request(`http://server${path}`, {
        method,
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed, text };
  };
  return {
    store,
    runtime,
    app,
    api,
    async publish(journeyName, graph) {
      const journey = await api('POST', '/api/journeys', { name: journeyName, graph });
      expect((await api('POST', `/api/journeys/${journey.body.id}/publish`, { revision: journey.body.revision })).status).toBe(200);
      return journey.body.id as string;
    },
    async stop() {
      await runtime.stop();
      if (driver === 'bullmq') dropRedisKeys(options.redisUrl, prefix);
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
