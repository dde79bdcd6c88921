import { openStore } from '@journey/db';
import { snapshot as snapshotStore } from '@journey/db/testing';
import { builtinSpecs, NodeRegistry } from '@journey/nodes';
import { pino } from 'pino';
import { afterEach } from 'vitest';
import { loadConfig, type Config } from '../config.ts';
import { createRuntime, type RuntimeOptions } from '../runtime.ts';
import type { Runtime } from '../runtime-contract.ts';
import { createApp } from './app.ts';

export const TEST_ADMIN_KEY = 'test-admin-key-0123456789';

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2026, 0, 1)) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

/** The configuration of route tests: the admin key above, quiet logs, and `env` on top. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ PORT: '0', DATABASE_URL: ':memory:', ADMIN_API_KEY: TEST_ADMIN_KEY, LOG_LEVEL: 'silent', ...env });
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/**
 * The API on the real runtime over an in-memory SQLite store, with a manual clock. The runtime's
 * background loops are not started (call `runtime.start()` to have events processed); `call` sends
 * JSON with the admin key unless told otherwise, and a header given as `''` is left out
 * (`{ Authorization: '' }` sends no credentials).
 */
export async function createTestApp(env: Record<string, string> = {}, runtimeOptions: Pick<RuntimeOptions, 'queue'> = {}) {
  const store = await openStore(':memory:');
  const clock = manualClock();
  const registry = new NodeRegistry(builtinSpecs);
  const logger = pino({ level: 'silent' });
  const runtime: Runtime = createRuntime({ store, registry, clock, logger, ...runtimeOptions });
  cleanups.push(async () => {
    await runtime.stop();
    await store.close();
  });
  const app = createApp({ store, runtime, registry, config: testConfig(env), logger });
  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const merged: Record<string, string> = {
      Authorization: `Bearer ${TEST_ADMIN_KEY}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    };
    const res = await app.request(path, {
      method,
      headers: Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== '')),
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    const json = res.headers.get('Content-Type')?.includes('json') ?? false;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, headers: res.headers, text, body: (json && text ? JSON.parse(text) : undefined) as any };
  }
  /** Every row of every table, to show that a refused request changed nothing. */
  const snapshot = () => snapshotStore(store);
  return { app, store, runtime, clock, registry, call, snapshot };
}

/** entry → tag → content_push → wait 2 s → content_push: the walking-skeleton journey. */
export function skeletonGraph(seconds = 2) {
  return {
    nodes: [
      { id: 'entry', type: 'entry', position: { x: 0, y: 0 }, config: { event: 'contact.acquired', sources: ['douyin_live'] } },
      { id: 'tag', type: 'tag', position: { x: 200, y: 0 }, config: { add: ['live_viewer'] } },
      { id: 'push1', type: 'content_push', position: { x: 400, y: 0 }, config: { template: '你好 {{contact.name}}，欢迎！' } },
      { id: 'wait', type: 'wait', position: { x: 600, y: 0 }, config: { duration: { seconds } } },
      { id: 'push2', type: 'content_push', position: { x: 800, y: 0 }, config: { template: '给你一张优惠券' } },
    ],
    edges: [
      { id: 'e1', source: 'entry', sourceHandle: 'out', target: 'tag' },
      { id: 'e2', source: 'tag', sourceHandle: 'out', target: 'push1' },
      { id: 'e3', source: 'push1', sourceHandle: 'out', target: 'wait' },
      { id: 'e4', source: 'wait', sourceHandle: 'out', target: 'push2' },
    ],
  };
}
