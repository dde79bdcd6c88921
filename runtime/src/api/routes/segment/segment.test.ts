import { tableRows } from '@journey/db/testing';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test-support.ts';

type EventRow = { contactId: string; type: string; properties: Record<string, unknown>; messageId: string | null; timestamp: number; receivedAt: number };

/** A message as `@segment/analytics-node` 3.x puts it in a batch (its context, _metadata and ids). */
function nodeMessage(fields: Record<string, unknown>, i = 0) {
  return {
    ...fields,
    timestamp: '2025-12-31T23:59:00.000Z',
    integrations: {},
    messageId: `node-next-1767225540000-0b3c9f4e-5d8a-4f0e-9a1b-00000000000${i}`,
    context: { library: { name: '@segment/analytics-node', version: '3.1.0' } },
    _metadata: { nodeVersion: 'v20.19.0', jsRuntime: 'node' },
  };
}

async function withWriteKey() {
  const t = await createTestApp();
  const writeKey = (await t.call('POST', '/api/api-keys', { name: 'segment', scope: 'ingest' })).body.key as string;
  const basic = { Authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` };
  return { t, writeKey, basic };
}

describe('Segment Tracking API', () => {
  it('maps a batch of every call onto the product\'s events and the contact profile', async () => {
    const { t, writeKey, basic } = await withWriteKey();
    const batch = [
      nodeMessage({ type: 'identify', userId: 'u1', anonymousId: 'anon-1', traits: { firstName: '小明', lastName: '王', email: 'xm@example.com', phone: '13800000000', plan: 'pro' } }, 0),
      nodeMessage({ type: 'track', userId: 'u1', event: 'Order Completed', properties: { orderId: 'o1', revenue: 99 } }, 1),
      nodeMessage({ type: 'track', anonymousId: 'anon-2', event: 'coupon.viewed', properties: {} }, 2),
      nodeMessage({ type: 'page', userId: 'u1', name: 'Pricing', category: 'Docs', properties: { url: 'https://shop.example/pricing' } }, 3),
      nodeMessage({ type: 'screen', userId: 'u1', name: 'Home', properties: {} }, 4),
      nodeMessage({ type: 'group', userId: 'u1', groupId: 'acme', traits: { name: 'Acme', plan: 'enterprise' } }, 5),
      nodeMessage({ type: 'alias', userId: 'u1', previousId: 'anon-9' }, 6),
    ];
    const res = await t.call('POST', '/api/v1/batch', { batch, writeKey, sentAt: '2025-12-31T23:59:00.000Z' }, basic);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    const events = await tableRows<EventRow>(t.store, 'events');
    expect(events.map((e) => [e.contactId, e.type])).toEqual([
      ['u1', 'identify'],
      ['u1', 'Order_Completed'],
      ['anon-2', 'coupon.viewed'],
      ['u1', 'page.viewed'],
      ['u1', 'screen.viewed'],
      ['u1', 'group.joined'],
      ['u1', 'contact.aliased'],
    ]);
    expect(events[1]!.properties).toEqual({ orderId: 'o1', revenue: 99 });
    expect(events[3]!.properties).toEqual({ url: 'https://shop.example/pricing', name: 'Pricing', category: 'Docs' });
    expect(events[6]!.properties).toEqual({ previousId: 'anon-9' });
    expect(events.map((e) => e.messageId)).toEqual(batch.map((m) => m.messageId));
    const contact = (await t.call('GET', '/api/contacts/u1')).body;
    expect(contact).toMatchObject({
      name: '小明 王',
      attributes: { plan: 'pro', firstName: '小明', lastName: '王', groupId: 'acme', group: { name: 'Acme', plan: 'enterprise' } },
      // identify linked anon-1, the later alias records anon-9 (one anonymous id per contact: the latest).
      identities: { email: 'xm@example.com', phone: '13800000000', anonymousId: 'anon-9' },
    });
  });

  it('takes each call at its own route, its type from the path, and answers as Segment does', async () => {
    const { t, basic } = await withWriteKey();
    for (const [call, body] of [
      ['track', { userId: 'u2', event: 'Signed Up', properties: { source: 'qr_code' } }],
      ['identify', { userId: 'u2', traits: { name: '李雷' } }],
      ['page', { anonymousId: 'a3', name: 'Home' }],
      ['screen', { userId: 'u2', name: 'Cart' }],
      ['group', { userId: 'u2', groupId: 42 }],
      ['alias', { userId: 'u2', previousId: 'a3' }],
    ] as const) {
      const res = await t.call('POST', `/api/v1/${call}`, body, basic);
      expect([call, res.status, res.body]).toEqual([call, 200, { success: true }]);
    }
    // An identify with nothing to say (analytics-node's `identify({ userId })`) is taken and not stored.
    expect((await t.call('POST', '/api/v1/identify', { userId: 'u2' }, basic)).body).toEqual({ success: true });
    expect((await tableRows<EventRow>(t.store, 'events')).map((e) => e.type)).toEqual(['Signed_Up', 'identify', 'page.viewed', 'screen.viewed', 'group.joined', 'contact.aliased']);
    expect((await t.call('GET', '/api/contacts/u2')).body).toMatchObject({ name: '李雷', attributes: { groupId: '42' }, identities: { anonymousId: 'a3' } });
  });

  it('stores a messageId once, and corrects the timestamp for the sender\'s clock skew', async () => {
    const { t, basic } = await withWriteKey();
    const now = t.clock.now();
    // The sender's clock runs an hour ahead: it says it sent the batch at now + 1 h, the event 5 s before.
    const sentAt = new Date(now + 3600_000).toISOString();
    const message = { ...nodeMessage({ type: 'track', userId: 'u1', event: 'Added To Cart' }), timestamp: new Date(now + 3600_000 - 5000).toISOString() };
    expect((await t.call('POST', '/api/v1/batch', { batch: [message], sentAt }, basic)).status).toBe(200);
    expect((await t.call('POST', '/api/v1/batch', { batch: [message], sentAt }, basic)).body).toEqual({ success: true });
    expect((await t.call('POST', '/api/v1/track', message, basic)).status).toBe(200);
    const events = await tableRows<EventRow>(t.store, 'events');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ timestamp: now - 5000, receivedAt: now });
    // Without sentAt the sender's timestamp is kept as it is.
    await t.call('POST', '/api/v1/track', { userId: 'u1', event: 'x', timestamp: '2025-06-01T00:00:00.000Z', messageId: 'ajs-next-1' }, basic);
    expect((await tableRows<EventRow>(t.store, 'events'))[1]!.timestamp).toBe(Date.parse('2025-06-01T00:00:00.000Z'));
  });

  it('refuses in Segment\'s shape: unknown keys, bad calls with their paths, commerce from an ingest key, oversized calls and batches', async () => {
    const { t, basic } = await withWriteKey();
    const bad = await t.call('POST', '/api/v1/track', { userId: 'u1', event: 'x' }, { Authorization: `Basic ${Buffer.from('nope:').toString('base64')}` });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ success: false, error: { code: 'unauthorized' } });
    // Basic is Segment's alone: elsewhere the API takes bearer keys.
    expect((await t.call('GET', '/api/contacts', undefined, basic)).status).toBe(401);

    const pathsOf = (res: { body: { error: { details: { path: unknown[] }[] } } }) => res.body.error.details.map((d) => d.path);
    const noUser = await t.call('POST', '/api/v1/batch', { batch: [nodeMessage({ type: 'track', userId: 'u1', event: 'ok' }), nodeMessage({ type: 'track', event: 'x' }), nodeMessage({ type: 'track', userId: 'u1', event: '支付' })] }, basic);
    expect(noUser.status).toBe(400);
    expect(noUser.body.success).toBe(false);
    expect(pathsOf(noUser)).toEqual([['batch', 1, 'userId'], ['batch', 2, 'event']]);
    // Once the calls are well formed, the product's own event rules apply, named in the call's terms.
    const badTraits = await t.call('POST', '/api/v1/batch', { batch: [nodeMessage({ type: 'identify', userId: 'u1', traits: { email: 'not-an-email' } }), nodeMessage({ type: 'track', userId: 'a/b', event: 'x' })] }, basic);
    expect(pathsOf(badTraits)).toEqual([['batch', 0, 'traits', 'email'], ['batch', 1, 'userId']]);

    const commerce = await t.call('POST', '/api/v1/batch', { batch: [nodeMessage({ type: 'identify', userId: 'u1' }), nodeMessage({ type: 'track', userId: 'u1', event: 'page.viewed' }), nodeMessage({ type: 'track', userId: 'u1', event: 'membership.purchased', properties: { plan: 'gold' } })] }, basic);
    expect(commerce.status).toBe(403);
    expect(commerce.body).toMatchObject({ success: false, error: { code: 'commerce_scope_required', details: [{ path: ['batch', 2, 'event'] }] } });

    const big = await t.call('POST', '/api/v1/track', { userId: 'u1', event: 'x', properties: { blob: 'x'.repeat(33 * 1024) } }, basic);
    expect(big.status).toBe(400);
    expect(big.body).toMatchObject({ success: false, error: { details: [{ path: [], code: 'too_big', maximum: 32 * 1024 }] } });
    const calls = Array.from({ length: 20 }, (_, i) => nodeMessage({ type: 'track', userId: `u${i}`, event: 'x', properties: { blob: 'x'.repeat(26 * 1024) } }, i));
    const huge = await t.call('POST', '/api/v1/batch', { batch: calls }, basic);
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ success: false, error: { code: 'payload_too_large' } });
    expect(await tableRows(t.store, 'events')).toEqual([]);
    expect((await t.call('POST', '/api/v1/batch', { batch: calls.slice(0, 18) }, basic)).status).toBe(200);
  });
});
