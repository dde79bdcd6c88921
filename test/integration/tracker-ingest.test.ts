/**
 * Trackers and imports on both stores and queue drivers. Segment's own Node library, `@segment/analytics-node`,
 * pointed at the server (its `host` option): its batches, write key and message ids arrive as it sends them,
 * and what they say lands as events, contact profiles and journey runs; de-duplication survives a restart.
 * Sensors Data's SDK form (gzip + base64 `data_list`, the key in the URL) and a contacts CSV import likewise.
 */
import { gzipSync } from 'node:zlib';
import { Analytics } from '@segment/analytics-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Store, StoreKind } from '../../db/src/index.ts';
import { tableRows } from '../../db/src/testing.ts';
import { startServer, type RunningServer } from '../../runtime/src/api/server.ts';
import { loadConfig } from '../../runtime/src/config.ts';
import { skeletonGraph } from '../../runtime/src/api/test-support.ts';
import { acquireTestRedis, dropRedisKeys, type TestRedis } from '../support/redis-server.ts';
import { testStores } from '../support/test-stores.ts';

const ADMIN = 'segment-test-admin-key';
const admin = { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' };

type EventRow = { id: string; contactId: string; type: string; properties: Record<string, unknown>; messageId: string | null };

describe.each([
  ['SQLite, embedded queue', 'sqlite'],
  ['PostgreSQL, BullMQ', 'postgres'],
] as const)('tracker ingestion (%s)', (_, kind: StoreKind) => {
  const stores = testStores(kind);
  let redis: TestRedis | undefined;
  let store: Store;
  let url: string;
  let server: RunningServer | undefined;
  const prefixes: string[] = [];

  beforeAll(async () => {
    if (kind === 'postgres') redis = await acquireTestRedis();
  });
  afterAll(() => redis?.release());
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await stores.close(store);
    for (const prefix of prefixes.splice(0)) dropRedisKeys(redis!.url, prefix);
  });

  async function start() {
    const prefix = `segment-test-${process.pid}-${Date.now()}`;
    if (redis) prefixes.push(prefix);
    const env = {
      PORT: '0',
      DATABASE_URL: url,
      ADMIN_API_KEY: ADMIN,
      ADMIN_PASSWORD: 'password-123',
      LOG_LEVEL: 'silent',
      ...(redis ? { REDIS_URL: redis.url, BULLMQ_PREFIX: prefix } : {}),
    };
    server = await startServer(loadConfig(env), { editorDist: '/nonexistent', print: () => {} });
    return server.url;
  }

  it('stores what the library sends, profiles its users, enrols them, and drops a re-sent batch even after a restart', async () => {
    ({ store, url } = await stores.open());
    let base = await start();
    const post = (path: string, body: unknown, headers: Record<string, string> = admin) => fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const writeKey = (await (await post('/api/api-keys', { name: 'segment', scope: 'ingest' })).json()).key as string;
    const graph = skeletonGraph();
    graph.nodes[0]!.config = { event: 'Signed_Up', sources: [] };
    const journey = (await (await post('/api/journeys', { name: 'welcome', graph })).json()).id as string;
    expect((await post(`/api/journeys/${journey}/publish`, {})).status).toBe(200);

    const analytics = new Analytics({ writeKey, host: base, path: '/api/v1/batch', flushAt: 50, flushInterval: 60_000, maxRetries: 0 });
    const sent: { body: string; headers: Record<string, string> }[] = [];
    const statuses: number[] = [];
    const errors: unknown[] = [];
    analytics.on('http_request', (request) => sent.push({ body: request.body, headers: request.headers }));
    analytics.on('http_response', (response) => statuses.push(response.status));
    analytics.on('error', (err) => errors.push(err));
    analytics.identify({ userId: 'u1', anonymousId: 'anon-1', traits: { name: '王小明', email: 'xm@example.com', phone: '13800000000', city: '杭州' } });
    analytics.track({ userId: 'u1', event: 'Signed Up', properties: { plan: 'free' } });
    analytics.page({ userId: 'u1', category: 'Docs', name: 'Pricing', properties: { url: 'https://shop.example/pricing' } });
    analytics.screen({ anonymousId: 'anon-2', name: 'Home' });
    analytics.group({ userId: 'u1', groupId: 'acme', traits: { name: 'Acme' } });
    analytics.alias({ userId: 'u1', previousId: 'anon-1' });
    await analytics.closeAndFlush();

    expect(errors).toEqual([]);
    expect(statuses).toEqual([200]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers.Authorization).toBe(`Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`);
    // Event ids are ordered by their arrival (rows of a PostgreSQL table come in no particular order).
    const events = (await tableRows<EventRow>(store, 'events')).sort((a, b) => a.id.localeCompare(b.id));
    expect(events.map((e) => [e.contactId, e.type])).toEqual([
      ['u1', 'identify'],
      ['u1', 'Signed_Up'],
      ['u1', 'page.viewed'],
      ['anon-2', 'screen.viewed'],
      ['u1', 'group.joined'],
      ['u1', 'contact.aliased'],
    ]);
    expect(events.map((e) => e.messageId)).toEqual((JSON.parse(sent[0]!.body) as { batch: { messageId: string }[] }).batch.map((m) => m.messageId));
    const contact = await (await fetch(`${base}/api/contacts/u1`, { headers: admin })).json();
    expect(contact).toMatchObject({
      name: '王小明',
      attributes: { city: '杭州', groupId: 'acme', group: { name: 'Acme' } },
      identities: { email: 'xm@example.com', phone: '13800000000', anonymousId: 'anon-1' },
    });
    await expect.poll(async () => (await (await fetch(`${base}/api/journeys/${journey}/runs`, { headers: admin })).json()).items.map((r: { contactId: string }) => r.contactId), { timeout: 15_000 }).toEqual(['u1']);

    // The library retries a batch it is not sure arrived: the same messageIds are stored once, across a restart too.
    await server!.close();
    base = await start();
    const again = await fetch(`${base}/api/v1/batch`, { method: 'POST', headers: sent[0]!.headers, body: sent[0]!.body });
    expect([again.status, await again.json()]).toEqual([200, { success: true }]);
    expect(await tableRows(store, 'events')).toHaveLength(6);
  });

  it('takes a Sensors Data SDK batch once, even after a restart, and a contacts CSV import', async () => {
    ({ store, url } = await stores.open());
    let base = await start();
    const writeKey = (await (await fetch(`${base}/api/api-keys`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'sensors', scope: 'ingest' }) })).json()).key as string;
    const records = [
      { distinct_id: 'u7', type: 'profile_set', time: 1767225540000, _track_id: 11, properties: { $name: '李雷', $phone: '13900000007' } },
      { distinct_id: 'u7', type: 'track', event: 'ViewProduct', time: 1767225541000, _track_id: 12, _flush_time: 1767225542000, properties: { product_id: 1 } },
    ];
    const send = () =>
      fetch(`${base}/api/integrations/sensors/sa?project=default&token=${encodeURIComponent(writeKey)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ data_list: gzipSync(JSON.stringify(records)).toString('base64'), gzip: '1' }).toString(),
      }).then((res) => res.json());
    expect(await send()).toEqual({ accepted: 2, duplicates: 0, refused: [] });
    await server!.close();
    base = await start();
    expect(await send()).toEqual({ accepted: 0, duplicates: 2, refused: [] });
    expect((await tableRows<EventRow>(store, 'events')).map((e) => e.type).sort()).toEqual(['ViewProduct', 'identify']);

    const csv = '姓名,手机,标签,来源\n韩梅梅,13900000008,vip;新客,offline_store\n坏行,abc,,';
    const imported = await (await fetch(`${base}/api/contacts/import`, { method: 'POST', headers: admin, body: JSON.stringify({ csv }) })).json();
    expect(imported).toMatchObject({ imported: 1, refused: [{ row: 3 }] });
    expect(await (await fetch(`${base}/api/contacts/13900000008`, { headers: admin })).json()).toMatchObject({ name: '韩梅梅', tags: ['vip', '新客'], source: 'offline_store', identities: { phone: '13900000008' } });
    expect(await (await fetch(`${base}/api/contacts/u7`, { headers: admin })).json()).toMatchObject({ name: '李雷', identities: { phone: '13900000007' } });
  });
});
