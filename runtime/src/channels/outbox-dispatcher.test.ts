import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openStore, type Store } from '@journey/db';
import { execute, tableRows } from '@journey/db/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboxDispatcher } from './outbox-dispatcher.ts';
import { WebhookChannelAdapter } from './webhook-channel-adapter.ts';

const NOW = Date.UTC(2026, 0, 1);
let store: Store;

beforeEach(async () => {
  store = await openStore(':memory:');
  await execute(
    store,
    `INSERT INTO messages (id, run_id, journey_id, contact_id, node_id, channel, title, body, idempotency_key, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ['msg_1', 'r1', 'j1', 'c1', 'p', 'sms', 't', '你好', 'r1:p:3', NOW, NOW],
  );
});
const message = async () => (await tableRows(store, 'messages'))[0];
afterEach(() => store.close());

async function relay(statuses: number[]) {
  const received: { headers: IncomingMessage['headers']; body: unknown }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(body) });
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/deliver`;
  return { url, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('OutboxDispatcher with the webhook adapter', () => {
  it('posts the message JSON with its idempotency key, retries after a failure, then marks it sent', async () => {
    const server = await relay([503]);
    try {
      const dispatcher = new OutboxDispatcher({ store, channel: new WebhookChannelAdapter(server.url), random: () => 0 });
      await dispatcher.dispatchBatch(NOW);
      expect(await message()).toMatchObject({ status: 'pending', attempts: 1, error: 'Channel webhook answered 503', nextAttemptAt: NOW + 1000 });
      expect((await dispatcher.dispatchBatch(NOW + 999)).nextAt).toBe(NOW + 1000);
      await dispatcher.dispatchBatch(NOW + 1000);
      expect(await message()).toMatchObject({ status: 'sent', attempts: 2, sentAt: NOW + 1000, error: null });
      expect(server.received).toHaveLength(2);
      expect(server.received[1]!.headers['idempotency-key']).toBe('r1:p:3');
      expect(server.received[1]!.body).toEqual({
        id: 'msg_1', runId: 'r1', journeyId: 'j1', contactId: 'c1', nodeId: 'p', channel: 'sms', title: 't', body: '你好', idempotencyKey: 'r1:p:3', createdAt: NOW,
      });
      expect(await dispatcher.hasPending()).toBe(false);
    } finally {
      await server.close();
    }
  });
});
