import { messages } from '@journey/db';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test-support.ts';

describe('messages route', () => {
  it('lists the outbox filtered by journey and contact, paged', async () => {
    const t = createTestApp();
    const row = (id: string, contactId: string, journeyId = 'jrn_1') => ({
      id, runId: 'run_1', journeyId, contactId, nodeId: 'push1', channel: 'sms', body: 'hi',
      idempotencyKey: `run_1:push1:${id}`, nextAttemptAt: 0, createdAt: 1,
    });
    t.store.db.insert(messages).values([row('msg_1', 'c1'), row('msg_2', 'c2'), row('msg_3', 'c1'), row('msg_4', 'c1', 'jrn_2')]).run();
    const page1 = await t.call('GET', '/api/messages?journeyId=jrn_1&contactId=c1&limit=1');
    expect(page1.body.items.map((m: { id: string }) => m.id)).toEqual(['msg_3']);
    expect(page1.body.items[0]).toMatchObject({ status: 'pending', channel: 'sms', sentAt: null });
    const page2 = await t.call('GET', `/api/messages?journeyId=jrn_1&contactId=c1&limit=1&cursor=${page1.body.nextCursor}`);
    expect(page2.body).toMatchObject({ items: [{ id: 'msg_1' }], nextCursor: null });
    expect((await t.call('GET', '/api/messages?status=lost')).status).toBe(400);
    expect((await t.call('GET', '/api/messages', undefined, { Authorization: '' })).status).toBe(401);
  });
});
