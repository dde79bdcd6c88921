import { openStore, type Store } from '@journey/db';
import { builtinSpecs, NodeRegistry } from '@journey/nodes';
import { pino } from 'pino';
import { afterEach } from 'vitest';
import type { Config } from '../config.ts';
import type { ParsedEventInput, Runtime } from '../runtime-contract.ts';
import { createApp } from './app.ts';

export const TEST_ADMIN_KEY = 'test-admin-key-0123456789';

/**
 * A runtime double for route tests: it records what the API asked of it. The walking-skeleton
 * integration test runs the real runtime.
 */
export function recordingRuntime(now = Date.UTC(2026, 0, 1)) {
  const calls = { ingested: [] as ParsedEventInput[], enrolled: [] as { journeyId: string; contactIds: string[] }[], kicks: 0 };
  const runtime: Runtime = {
    start() {},
    async stop() {},
    ingestEvents(events) {
      calls.ingested.push(...events);
      return { ids: events.map((_, i) => `evt_${calls.ingested.length - events.length + i}`), duplicates: 0 };
    },
    enroll(journeyId, contactIds) {
      calls.enrolled.push({ journeyId, contactIds });
      return { enrolled: contactIds.length, skipped: 0 };
    },
    kick() {
      calls.kicks++;
    },
    async idle() {},
    clock: { now: () => now },
  };
  return { runtime, calls };
}

export const testConfig: Config = {
  port: 0,
  databaseUrl: ':memory:',
  redisUrl: undefined,
  adminApiKey: TEST_ADMIN_KEY,
  adminEmail: 'admin@localhost',
  adminPassword: undefined,
  channelWebhookUrl: undefined,
  logLevel: 'silent',
};

const opened: Store[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

/**
 * The API on an in-memory store, and `call`, which sends JSON with the admin key unless told
 * otherwise; a header given as `''` is left out (`{ Authorization: '' }` sends no credentials).
 */
export function createTestApp() {
  const store = openStore(':memory:');
  opened.push(store);
  const { runtime, calls } = recordingRuntime();
  const registry = new NodeRegistry(builtinSpecs);
  const app = createApp({ store, runtime, registry, config: testConfig, logger: pino({ level: 'silent' }) });
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
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as any };
  }
  return { app, store, runtime, calls, registry, call };
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
