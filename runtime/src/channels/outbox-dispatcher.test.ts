import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openStore, type Store } from '@journey/db';
import { execute, tableRows } from '@journey/db/testing';
import { awaitConfirmation } from '@journey/nodes/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChannelAdapters, type ChannelAdapter } from './channel-adapter.ts';
import { OUTBOX_CLAIM_MS, OutboxDispatcher } from './outbox-dispatcher.ts';
import { WebhookChannelAdapter } from './webhook-channel-adapter.ts';

const NOW = Date.UTC(2026, 0, 1);
let store: Store;
const clock = { t: NOW, now: () => clock.t };

async function insertMessages(n: number) {
  for (let i = 1; i <= n; i++) {
    await execute(
      store,
      `INSERT INTO messages (id, run_id, journey_id, contact_id, node_id, channel, title, body, idempotency_key, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [`msg_${i}`, `r${i}`, 'j1', `c${i}`, 'p', 'sms', 't', '你好', `r${i}:p:3`, NOW, NOW],
    );
  }
}

beforeEach(async () => {
  clock.t = NOW;
  store = await openStore(':memory:');
  await insertMessages(1);
});
const messages = () => tableRows<{ id: string; status: string; attempts: number; error: string | null; sentAt: number | null; nextAttemptAt: number }>(store, 'messages');
const message = async () => (await messages())[0];
afterEach(() => store.close());

async function relay(statuses: number[], headers: Record<string, string> = {}) {
  const received: { method: string; url: string; headers: IncomingMessage['headers']; body: unknown }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body: body ? JSON.parse(body) : undefined });
      res.writeHead(statuses.shift() ?? 200, headers).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/deliver`;
  return { url, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

// Sixteen lanes, so the crash test below can hold one batch in flight and watch the next.
const dispatcherOf = (adapter: ChannelAdapter) => new OutboxDispatcher({ store, channels: new ChannelAdapters(adapter), clock, concurrency: 16, random: () => 0 });

/** An adapter whose deliveries wait until the test lets them finish (or never do: a process that died mid-way). */
function gatedAdapter(honoursIdempotencyKey: boolean) {
  const delivered: string[] = [];
  const waiting: (() => void)[] = [];
  const adapter: ChannelAdapter = {
    honoursIdempotencyKey,
    deliver: async (m) => {
      delivered.push(m.idempotencyKey);
      await new Promise<void>((resolve) => waiting.push(resolve));
    },
  };
  return { adapter, delivered, releaseAll: () => waiting.splice(0).forEach((go) => go()) };
}

describe('OutboxDispatcher', () => {
  it('posts the message JSON with its idempotency key, retries after a failure, then marks it sent', async () => {
    const server = await relay([503]);
    try {
      const dispatcher = dispatcherOf(new WebhookChannelAdapter(server.url));
      await dispatcher.dispatchBatch(NOW);
      expect(await message()).toMatchObject({ status: 'pending', attempts: 1, error: 'Channel webhook answered 503', nextAttemptAt: NOW + 1000 });
      expect((await dispatcher.dispatchBatch(NOW + 999)).nextAt).toBe(NOW + 1000);
      await dispatcher.dispatchBatch(NOW + 1000);
      expect(await message()).toMatchObject({ status: 'sent', attempts: 2, sentAt: NOW + 1000, error: null });
      expect(server.received).toHaveLength(2);
      expect(server.received[1]!.headers['idempotency-key']).toBe('r1:p:3');
      expect(server.received[1]!.body).toEqual({
        id: 'msg_1', runId: 'r1', journeyId: 'j1', contactId: 'c1', nodeId: 'p', channel: 'sms', title: 't', body: '你好', idempotencyKey: 'r1:p:3', priority: 'marketing', createdAt: NOW,
      });
      expect(await dispatcher.hasPending()).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('treats a redirect as a failure and never follows it', async () => {
    const server = await relay([302], { location: '/elsewhere' });
    try {
      await dispatcherOf(new WebhookChannelAdapter(server.url)).dispatchBatch(NOW);
      expect(await message()).toMatchObject({ status: 'failed', attempts: 1, error: expect.stringContaining('redirect to /elsewhere') });
      expect(server.received.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /deliver']);
    } finally {
      await server.close();
    }
  });

  it('records each outcome as it completes: a dispatcher that dies mid-batch repeats at most its deliveries in flight', async () => {
    await execute(store, 'DELETE FROM messages');
    await insertMessages(40);
    const dying = gatedAdapter(true);
    // The first 16 deliveries (one per lane) go through; the next 16 are in flight when the process dies.
    void dispatcherOf(dying.adapter).dispatchBatch(NOW);
    await expect.poll(() => dying.delivered.length).toBe(16);
    dying.releaseAll();
    await expect.poll(() => dying.delivered.length).toBe(32);
    await expect.poll(async () => (await messages()).filter((m) => m.status === 'sent').length).toBe(16);
    const inFlight = dying.delivered.length - 16;
    expect(inFlight).toBe(16);

    // Its claims run out; a new dispatcher delivers the rest, repeating only those that were in flight.
    clock.t = NOW + OUTBOX_CLAIM_MS + 1;
    const after: string[] = [];
    const next = dispatcherOf({ honoursIdempotencyKey: true, deliver: async (m) => void after.push(m.idempotencyKey) });
    while ((await next.dispatchBatch(clock.t)).more);
    expect((await messages()).map((m) => m.status)).toEqual(Array(40).fill('sent'));
    const repeated = after.filter((key) => dying.delivered.includes(key));
    expect(repeated.length).toBe(inFlight);
    expect(after).toHaveLength(24);
    expect(new Set([...dying.delivered, ...after]).size).toBe(40);
  });

  it('never resends blindly through a carrier that cannot tell repeats: an interrupted delivery becomes unknown, for an operator', async () => {
    const dying = gatedAdapter(false);
    void dispatcherOf(dying.adapter).dispatchBatch(NOW);
    await expect.poll(() => dying.delivered).toEqual(['r1:p:3']);

    clock.t = NOW + OUTBOX_CLAIM_MS + 1;
    const resent: string[] = [];
    const next = dispatcherOf({ honoursIdempotencyKey: false, deliver: async (m) => void resent.push(m.idempotencyKey) });
    await next.dispatchBatch(clock.t);
    expect(resent).toEqual([]);
    expect(await message()).toMatchObject({ status: 'unknown', error: expect.stringContaining('resend it or drop it') });

    expect(await store.outbox.resolveUnknown('msg_1', 'resend', clock.t)).toBe(true);
    await next.dispatchBatch(clock.t);
    expect(resent).toEqual(['r1:p:3']);
    expect(await message()).toMatchObject({ status: 'sent' });
  });

  it('lets two dispatchers that both think they lead share the outbox without delivering anything twice', async () => {
    await execute(store, 'DELETE FROM messages');
    await insertMessages(300);
    const delivered: string[] = [];
    const slow: ChannelAdapter = {
      honoursIdempotencyKey: true,
      deliver: async (m) => {
        delivered.push(m.idempotencyKey);
        await new Promise((resolve) => setTimeout(resolve, 1));
      },
    };
    const drain = async (dispatcher: OutboxDispatcher) => {
      while ((await dispatcher.dispatchBatch(NOW)).more);
    };
    await Promise.all([drain(dispatcherOf(slow)), drain(dispatcherOf(slow))]);
    expect(delivered).toHaveLength(300);
    expect(new Set(delivered).size).toBe(300);
  });
});

describe('a carrier that needs a confirmation', () => {
  it('leaves an accepted message pending_confirmation, out of the queue, until its channel settles it', async () => {
    let deliveries = 0;
    const dispatcher = dispatcherOf({ honoursIdempotencyKey: false, deliver: async () => (deliveries++, awaitConfirmation({ msgid: 'm1' })) });
    await dispatcher.dispatchBatch(NOW);
    expect(await message()).toMatchObject({ status: 'pending_confirmation', attempts: 1, sentAt: null, error: null });
    clock.t += 60_000;
    await dispatcher.dispatchBatch(clock.t);
    expect(deliveries).toBe(1);
    expect(await dispatcher.hasPending()).toBe(false);
    expect(await store.outbox.settle('msg_1', { status: 'sent' }, clock.t)).toBe(true);
    expect(await message()).toMatchObject({ status: 'sent', sentAt: clock.t });
  });
});
