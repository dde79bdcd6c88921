import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireTestRedis, dropRedisKeys, type TestRedis } from '../../../test/support/redis-server.ts';
import { createTestApp } from './test-support.ts';

describe('the queue dashboard at /admin/queues', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await acquireTestRedis();
  });
  const prefix = `test-board-${process.pid}`;
  afterAll(async () => {
    dropRedisKeys(redis.url, prefix);
    await redis.release();
  });

  it('shows the BullMQ queue to admins only, read-only', async () => {
    const t = await createTestApp({}, { queue: { redisUrl: redis.url, prefix, work: false } });
    const page = await t.call('GET', '/admin/queues');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<div id="root"');
    const queues = await t.call('GET', '/admin/queues/api/queues');
    expect(queues.status).toBe(200);
    expect(queues.body.queues).toMatchObject([{ name: 'runs', readOnlyMode: true }]);
    expect((await t.call('GET', '/admin/queues', undefined, { Authorization: '' })).status).toBe(401);
    const viewerKey = (await t.call('POST', '/api/api-keys', { name: 'ops screen', scope: 'viewer' })).body.key as string;
    expect((await t.call('GET', '/admin/queues/api/queues', undefined, { Authorization: `Bearer ${viewerKey}` })).status).toBe(403);
  });

  it('says how to get one on the embedded queue', async () => {
    const t = await createTestApp();
    const res = await t.call('GET', '/admin/queues');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('REDIS_URL');
  });
});
