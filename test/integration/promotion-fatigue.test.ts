/**
 * Issue 18 through the HTTP API, on both queue drivers: a workspace frequency cap over every journey
 * (held, then sent at the window's end), transactional messages passing it, and opt-outs skipping
 * marketing messages with the reason on the timeline.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// test/ is not a workspace package: BullMQ resolves from the runtime package, which depends on it.
import type * as BullMQModule from '../../runtime/node_modules/bullmq/dist/esm/index.js';
import { createTestApp } from '../../runtime/src/api/test-support.ts';
import type { RuntimeOptions } from '../../runtime/src/runtime.ts';
import { acquireTestRedis, type TestRedis } from '../support/redis-server.ts';

const { Queue } = createRequire(new URL('../../runtime/package.json', import.meta.url))('bullmq') as typeof BullMQModule;
const HOUR = 3_600_000;

let redis: TestRedis;
beforeAll(async () => {
  redis = await acquireTestRedis();
});
afterAll(() => redis.release());

const pushJourney = (template: string, priority: 'marketing' | 'transactional' = 'marketing') => ({
  name: template,
  graph: {
    nodes: [
      { id: 'entry', type: 'entry', position: { x: 0, y: 0 }, config: {} },
      { id: 'push', type: 'content_push', position: { x: 200, y: 0 }, config: { channel: 'sms', template, priority } },
    ],
    edges: [{ id: 'e1', source: 'entry', sourceHandle: 'out', target: 'push' }],
  },
  settings: {},
});

let prefixes = 0;
const drivers: { name: string; queue: () => Pick<RuntimeOptions, 'queue'>; dispose(prefix: string): Promise<void> }[] = [
  { name: 'embedded', queue: () => ({}), dispose: async () => {} },
  {
    name: 'BullMQ',
    queue: () => ({ queue: { redisUrl: redis.url, prefix: `test-fatigue-${process.pid}-${++prefixes}`, sweepGraceMs: 0, sweepIntervalMs: 50 } }),
    async dispose(prefix) {
      const queue = new Queue('runs', { connection: { url: redis.url, maxRetriesPerRequest: null }, prefix });
      await queue.obliterate({ force: true });
      await queue.close();
    },
  },
];

for (const driver of drivers) {
  describe(`promotion fatigue on the ${driver.name} driver`, () => {
    async function setUp() {
      const options = driver.queue();
      const t = await createTestApp({}, options);
      const ok = async (method: string, path: string, body?: unknown) => {
        const res = await t.call(method, path, body);
        expect(res.status, `${method} ${path}: ${res.text}`).toBeLessThan(300);
        return res.body;
      };
      const live = async (journey: ReturnType<typeof pushJourney>) => {
        const { id } = await ok('POST', '/api/journeys', journey);
        await ok('POST', `/api/journeys/${id}/publish`);
        return id as string;
      };
      const settle = async () => {
        t.runtime.kick();
        await t.runtime.idle();
      };
      const bodiesTo = async (contactId: string) =>
        ((await ok('GET', `/api/messages?contactId=${contactId}`)).items as { body: string; priority: string; createdAt: string }[])
          .map((m) => `${m.body}@${(Date.parse(m.createdAt) - start) / HOUR}h`)
          .sort();
      const start = t.clock.now();
      t.runtime.start();
      const dispose = async () => {
        await t.runtime.stop();
        if (options.queue) await driver.dispose(options.queue.prefix);
      };
      return { t, ok, live, settle, bodiesTo, start, dispose };
    }

    it('gives a contact in three journeys capped at two a day two messages now and the third at the window’s end; transactional passes', async () => {
      const { t, ok, live, settle, bodiesTo, start, dispose } = await setUp();
      try {
        await ok('PUT', '/api/settings', { frequencyCap: { rules: [{ channels: [], max: 2, perHours: 24 }] } });
        const ids = [await live(pushJourney('a')), await live(pushJourney('b')), await live(pushJourney('c'))];
        await live(pushJourney('code', 'transactional'));
        await ok('POST', '/api/events', { contactId: 'c1', type: 'contact.acquired', properties: {} });
        await settle();

        const sent = await bodiesTo('c1');
        expect(sent).toHaveLength(3);
        expect(sent).toContain('code@0h');
        const contact = await ok('GET', '/api/contacts/c1');
        const held = (contact.runs as { journeyId: string; status: string; held: { reason: string; until: string } | null }[]).filter((r) => r.held);
        expect(held).toEqual([expect.objectContaining({ status: 'waiting', held: { reason: 'frequency_cap.workspace', until: new Date(start + 24 * HOUR).toISOString() } })]);
        expect(ids).toContain(held[0]!.journeyId);
        const heldRuns = await ok('GET', `/api/journeys/${held[0]!.journeyId}/runs?status=waiting`);
        expect(heldRuns.items[0].held.reason).toBe('frequency_cap.workspace');
        const stats = await ok('GET', `/api/journeys/${held[0]!.journeyId}/stats`);
        expect(stats.nodes[heldRuns.items[0].nodeId]).toMatchObject({ waiting: 1, held: 1 });

        t.clock.advance(24 * HOUR - 1);
        await settle();
        expect(await bodiesTo('c1')).toHaveLength(3);
        t.clock.advance(1);
        await settle();
        const all = await bodiesTo('c1');
        expect(all).toHaveLength(4);
        expect(all.filter((b) => b.endsWith('@24h'))).toHaveLength(1);
        expect((await ok('GET', '/api/contacts/c1')).runs.map((r: { status: string }) => r.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
        const timeline = (await ok('GET', '/api/contacts/c1/timeline')).items as { outcome: string; reason: string | null }[];
        expect(timeline.filter((s) => s.reason === 'frequency_cap.workspace')).toEqual([expect.objectContaining({ outcome: 'wait' })]);
      } finally {
        await dispose();
      }
    });

    it('skips marketing messages to an opted-out contact with the reason on the timeline, and still sends transactional ones', async () => {
      const { ok, live, settle, bodiesTo, dispose } = await setUp();
      try {
        await live(pushJourney('sale'));
        await live(pushJourney('code', 'transactional'));
        await ok('POST', '/api/events', { contactId: 'c2', type: 'contact.unsubscribed', properties: { channel: 'sms', source: 'sms_reply' } });
        await settle();
        expect((await ok('GET', '/api/contacts/c2')).consent.optOuts).toEqual([{ channel: 'sms', at: expect.any(String), source: 'sms_reply' }]);
        await ok('POST', '/api/events', { contactId: 'c2', type: 'contact.acquired', properties: {} });
        await settle();
        expect(await bodiesTo('c2')).toEqual(['code@0h']);
        const contact = await ok('GET', '/api/contacts/c2');
        expect(contact.runs.map((r: { status: string }) => r.status)).toEqual(['completed', 'completed']);
        const timeline = (await ok('GET', '/api/contacts/c2/timeline')).items as { nodeId: string; outcome: string; reason: string | null }[];
        expect(timeline.filter((s) => s.reason !== null)).toEqual([expect.objectContaining({ nodeId: 'push', outcome: 'next', reason: 'consent.opted_out' })]);

        // Opted out of everything: the transactional message stops too; subscribing again lets both through.
        await ok('POST', '/api/events', { contactId: 'c3', type: 'contact.unsubscribed', properties: {} });
        await ok('POST', '/api/events', { contactId: 'c3', type: 'contact.acquired', properties: {} });
        await settle();
        expect(await bodiesTo('c3')).toEqual([]);
        expect((await ok('GET', '/api/contacts/c3')).consent.optOuts).toEqual([{ channel: '*', at: expect.any(String), source: 'event' }]);
        await ok('POST', '/api/events', { contactId: 'c3', type: 'contact.subscribed', properties: {} });
        await settle();
        expect((await ok('GET', '/api/contacts/c3')).consent.optOuts).toEqual([]);
      } finally {
        await dispose();
      }
    });
  });
}
