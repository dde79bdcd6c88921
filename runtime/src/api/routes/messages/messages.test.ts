import type { Store } from '@journey/db';
import { execute } from '@journey/db/testing';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test-support.ts';

const column = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Writes outbox rows as they are (the outbox is otherwise only written by run commits). */
async function insertMessages(store: Store, rows: Record<string, unknown>[]) {
  for (const row of rows) {
    const fields = Object.keys(row);
    await execute(store, `INSERT INTO messages (${fields.map(column).join(', ')}) VALUES (${fields.map(() => '?').join(', ')})`, Object.values(row));
  }
}

describe('messages route', () => {
  it('lists the outbox filtered by journey and contact, paged', async () => {
    const t = await createTestApp();
    const row = (id: string, contactId: string, journeyId = 'jrn_1') => ({
      id, runId: 'run_1', journeyId, contactId, nodeId: 'push1', channel: 'sms', body: 'hi',
      idempotencyKey: `run_1:push1:${id}`, nextAttemptAt: 0, createdAt: 1,
    });
    await insertMessages(t.store, [row('msg_1', 'c1'), row('msg_2', 'c2'), row('msg_3', 'c1'), row('msg_4', 'c1', 'jrn_2')]);
    const page1 = await t.call('GET', '/api/messages?journeyId=jrn_1&contactId=c1&limit=1');
    expect(page1.body.items.map((m: { id: string }) => m.id)).toEqual(['msg_3']);
    expect(page1.body.items[0]).toMatchObject({ status: 'pending', channel: 'sms', sentAt: null });
    const page2 = await t.call('GET', `/api/messages?journeyId=jrn_1&contactId=c1&limit=1&cursor=${page1.body.nextCursor}`);
    expect(page2.body).toMatchObject({ items: [{ id: 'msg_1' }], nextCursor: null });
    expect((await t.call('GET', '/api/messages?status=lost')).status).toBe(400);
    expect((await t.call('GET', '/api/messages', undefined, { Authorization: '' })).status).toBe(401);
  });

  it('filters by channel and status in SQL, keeping every page full and the cursor working', async () => {
    const t = await createTestApp();
    const channels = ['sms', 'email', 'wecom_private'] as const;
    const statuses = ['pending', 'sent', 'failed'] as const;
    const rows = Array.from({ length: 30 }, (_, i) => ({
      id: `msg_${String(i).padStart(2, '0')}`, runId: `run_${i}`, journeyId: 'jrn_1', contactId: `c${i % 4}`, nodeId: 'push1',
      channel: channels[i % 3]!, status: statuses[Math.floor(i / 3) % 3]!, body: 'hi',
      idempotencyKey: `run_${i}:push1:1`, nextAttemptAt: 0, createdAt: i,
    }));
    await insertMessages(t.store, rows);

    /** Every page of a filtered list, 2 at a time, and the ids in order. */
    async function all(query: string) {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await t.call('GET', `/api/messages?${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        if (res.body.nextCursor) expect(res.body.items).toHaveLength(2);
        ids.push(...res.body.items.map((m: { id: string }) => m.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      return ids;
    }
    const expected = (keep: (r: (typeof rows)[number]) => boolean) => rows.filter(keep).map((r) => r.id).reverse();

    expect(await all('channel=email')).toEqual(expected((r) => r.channel === 'email'));
    expect(await all('channel=sms&status=failed')).toEqual(expected((r) => r.channel === 'sms' && r.status === 'failed'));
    expect(await all('channel=wecom_private&contactId=c2&journeyId=jrn_1')).toEqual(
      expected((r) => r.channel === 'wecom_private' && r.contactId === 'c2'),
    );
    expect(await all('channel=app_push')).toEqual([]);
    expect(await all('status=sent')).toEqual(expected((r) => r.status === 'sent'));
  });

  it('refuses an unknown channel or status with 400 naming the field', async () => {
    const t = await createTestApp();
    const channel = await t.call('GET', '/api/messages?channel=carrier_pigeon');
    expect(channel.status).toBe(400);
    expect(channel.body.error.details).toEqual([expect.objectContaining({ in: 'query', path: ['channel'] })]);
    const status = await t.call('GET', '/api/messages?status=lost&channel=sms');
    expect(status.status).toBe(400);
    expect(status.body.error.details).toEqual([expect.objectContaining({ in: 'query', path: ['status'] })]);
  });
});

describe('POST /api/messages/:id/resend and /drop', () => {
  it('lets an operator resend or drop a message whose outcome is unknown, and nothing else', async () => {
    const t = await createTestApp();
    for (const id of ['msg_a', 'msg_b']) {
      await execute(
        t.store,
        `INSERT INTO messages (id, run_id, journey_id, contact_id, node_id, channel, title, body, status, idempotency_key, next_attempt_at, created_at, error)
         VALUES (?, 'r1', 'j1', 'c1', 'p', 'sms', '', 'hi', 'unknown', ?, 0, 0, 'cut off')`,
        [id, `key-${id}`],
      );
    }
    const resent = await t.call('POST', '/api/messages/msg_a/resend');
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ id: 'msg_a', status: 'pending', error: null });
    expect((await t.call('POST', '/api/messages/msg_a/resend')).body.error.code).toBe('message_not_unknown');
    expect((await t.call('POST', '/api/messages/msg_b/drop')).body).toMatchObject({ status: 'failed' });
    expect((await t.call('POST', '/api/messages/msg_x/drop')).status).toBe(404);
  });
});
