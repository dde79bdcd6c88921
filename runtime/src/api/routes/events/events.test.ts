import { tableRows } from '@journey/db/testing';
import { describe, expect, it } from 'vitest';
import { MAX_EVENT_BYTES } from '../../../runtime-contract.ts';
import { createTestApp } from '../../test-support.ts';

type EventRow = { id: string; contactId: string; type: string; properties: Record<string, unknown>; messageId: string | null };

describe('events routes', () => {
  it('stores a valid event (creating its contact) before answering 202', async () => {
    const t = await createTestApp();
    const res = await t.call('POST', '/api/events', { contactId: 'c1', type: 'contact.acquired', properties: { source: 'douyin_live' } });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: expect.stringMatching(/^evt_/), duplicate: false });
    expect((await tableRows<EventRow>(t.store, 'events'))).toMatchObject([
      { id: res.body.id, contactId: 'c1', type: 'contact.acquired', properties: { source: 'douyin_live' } },
    ]);
    expect((await t.call('GET', '/api/contacts/c1')).status).toBe(200);
  });

  it('makes re-sending a messageId a no-op, alone and within a batch', async () => {
    const t = await createTestApp();
    const event = { contactId: 'c1', type: 'order.paid', messageId: 'shop-42' };
    expect((await t.call('POST', '/api/events', event)).body.duplicate).toBe(false);
    expect((await t.call('POST', '/api/events', event)).body).toEqual({ id: null, duplicate: true });
    const batch = await t.call('POST', '/api/events/batch', { events: [event, { ...event, messageId: 'shop-43' }, { ...event, messageId: 'shop-43' }] });
    expect(batch.body).toMatchObject({ accepted: 1, duplicates: 2 });
    expect((await tableRows<EventRow>(t.store, 'events')).map((e) => e.messageId)).toEqual(['shop-42', 'shop-43']);
  });

  it('answers the ids of exactly the events stored when a large batch repeats some messageIds', async () => {
    const t = await createTestApp();
    const event = (i: number) => ({ contactId: `c${i % 7}`, type: 'page.viewed', messageId: `m${i}` });
    const first = await t.call('POST', '/api/events/batch', { events: Array.from({ length: 150 }, (_, i) => event(i * 2)) });
    expect(first.body).toMatchObject({ accepted: 150, duplicates: 0 });
    // m0, m2 … m298 are stored; of m0 … m249 half are new.
    const second = await t.call('POST', '/api/events/batch', { events: Array.from({ length: 250 }, (_, i) => event(i)) });
    expect(second.body).toMatchObject({ accepted: 125, duplicates: 125 });
    const stored = (await tableRows<EventRow>(t.store, 'events'));
    expect(stored).toHaveLength(275);
    const byId = new Map(stored.map((e) => [e.id, e.messageId]));
    expect((second.body.ids as string[]).map((id) => byId.get(id))).toEqual(Array.from({ length: 125 }, (_, i) => `m${i * 2 + 1}`));
  });

  it('takes up to 1000 events in a batch and refuses more', async () => {
    const t = await createTestApp();
    const batch = Array.from({ length: 1000 }, (_, i) => ({ contactId: `c${i}`, type: 'contact.acquired' }));
    const res = await t.call('POST', '/api/events/batch', { events: batch });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ accepted: 1000, duplicates: 0 });
    const tooMany = await t.call('POST', '/api/events/batch', { events: [...batch, { contactId: 'x', type: 'y' }] });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details[0].path).toEqual(['events']);
    expect((await tableRows<EventRow>(t.store, 'events'))).toHaveLength(1000);
  });

  it('answers 400 with the path of a bad or unknown field and stores nothing', async () => {
    const t = await createTestApp();
    const res = await t.call('POST', '/api/events/batch', { events: [{ contactId: 'c1', type: 'ok' }, { contactId: 'c2', type: 'bad type!' }] });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ in: 'json', path: ['events', 1, 'type'] });
    const misspelt = await t.call('POST', '/api/events', { contact_id: 'c1', type: 'ok' });
    expect(misspelt.status).toBe(400);
    expect(misspelt.body.error.details.map((d: { path: string[] }) => d.path.join('.'))).toEqual(expect.arrayContaining(['contactId', 'contact_id']));
    expect((await tableRows<EventRow>(t.store, 'events'))).toEqual([]);
  });

  it('refuses ids that could not be fetched back, and amounts that are not money', async () => {
    const t = await createTestApp();
    for (const contactId of ['c\ud8001', 'c\u00071', 'a/b', '..']) {
      const res = await t.call('POST', '/api/events', JSON.stringify({ contactId, type: 'contact.acquired' }));
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: ['contactId'] })]);
    }
    for (const amount of ['0x1', [1], true, '10', 19.999]) {
      const res = await t.call('POST', '/api/events/batch', { events: [{ contactId: 'c1', type: 'x' }, { contactId: 'c1', type: 'balance.spent', properties: { amount } }] });
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: ['events', 1, 'properties', 'amount'] })]);
    }
    expect((await t.call('POST', '/api/events', { contactId: 'c1', type: 'balance.spent', properties: { amount: 0 } })).status).toBe(400);
    expect(await tableRows(t.store, 'events')).toEqual([]);
    expect((await t.call('POST', '/api/events', { contactId: '+8613800138000', type: 'balance.spent', properties: { amount: 19.9, note: 'x' } })).status).toBe(202);
  });

  it('caps each event at 32 KiB, naming the event at fault, as well as the body', async () => {
    const t = await createTestApp();
    const event = (bytes: number) => ({ contactId: 'c1', type: 'page.viewed', properties: { blob: 'x'.repeat(bytes) } });
    // One 10 MB property used to be stored: the 16 MiB batch body limit let it through. Now the body is
    // capped at 1 MiB and each event at 32 KiB.
    expect((await t.call('POST', '/api/events/batch', { events: [event(10), event(10 * 1024 * 1024)] })).status).toBe(413);
    const res = await t.call('POST', '/api/events/batch', { events: [event(10), event(10), event(100 * 1024)] });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: ['events', 2], code: 'too_big', maximum: MAX_EVENT_BYTES })]);
    const one = await t.call('POST', '/api/events', event(MAX_EVENT_BYTES));
    expect(one.status).toBe(400);
    expect(one.body.error.details).toEqual([expect.objectContaining({ path: [], maximum: MAX_EVENT_BYTES })]);
    expect(await tableRows(t.store, 'events')).toEqual([]);
    expect((await t.call('POST', '/api/events', event(MAX_EVENT_BYTES - 200))).status).toBe(202);
  });

  it('answers 413 for a body over the limit, 415 for a body that is not JSON, and 401 without a key', async () => {
    const t = await createTestApp();
    const big = { contactId: 'c1', type: 'x', properties: { blob: 'x'.repeat(1024 * 1024) } };
    const res = await t.call('POST', '/api/events', big);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    const text = await t.call('POST', '/api/events', 'contactId=c1', { 'Content-Type': 'text/plain' });
    expect(text.status).toBe(415);
    expect(text.body.error.code).toBe('unsupported_media_type');
    expect((await t.call('POST', '/api/events', { contactId: 'c1', type: 'x' }, { Authorization: '' })).status).toBe(401);
    expect((await tableRows<EventRow>(t.store, 'events'))).toEqual([]);
  });

  it('limits each key to its event rate with 429 and Retry-After, and refills over time', async () => {
    const t = await createTestApp({ INGEST_RATE_PER_SECOND: '10', INGEST_BURST: '20' });
    const batch = (n: number) => ({ events: Array.from({ length: n }, (_, i) => ({ contactId: `c${i}`, type: 'x' })) });
    expect((await t.call('POST', '/api/events/batch', batch(15))).status).toBe(202);
    const limited = await t.call('POST', '/api/events/batch', batch(10));
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(limited.headers.get('Retry-After')).toBe('1');
    expect((await tableRows<EventRow>(t.store, 'events'))).toHaveLength(15);

    const key = (await t.call('POST', '/api/api-keys', { name: 'shop', scope: 'ingest' })).body.key;
    expect((await t.call('POST', '/api/events', { contactId: 'c1', type: 'x' }, { Authorization: `Bearer ${key}` })).status).toBe(202);

    t.clock.advance(500);
    expect((await t.call('POST', '/api/events/batch', batch(10))).status).toBe(202);
  });
});

describe('commerce events and client clocks', () => {
  async function withKey(t: Awaited<ReturnType<typeof createTestApp>>, scope: 'ingest' | 'commerce' | 'marketer') {
    const created = await t.call('POST', '/api/api-keys', { name: scope, scope });
    expect(created.status).toBe(201);
    return { Authorization: `Bearer ${created.body.key}` };
  }

  it('takes purchases, top-ups, spends and redemptions only from a server-side key, naming each refused event', async () => {
    const t = await createTestApp();
    const tracker = await withKey(t, 'ingest');
    const one = await t.call('POST', '/api/events', { contactId: 'c1', type: 'membership.purchased', properties: { plan: 'gold' } }, tracker);
    expect(one.status).toBe(403);
    expect(one.body.error).toMatchObject({ code: 'commerce_scope_required', details: [{ in: 'json', path: ['type'] }] });
    const batch = await t.call(
      'POST',
      '/api/events/batch',
      { events: [{ contactId: 'c1', type: 'page.viewed' }, { contactId: 'c1', type: 'balance.spent', properties: { amount: 10 } }, { contactId: 'c1', type: 'offer.redeemed' }] },
      tracker,
    );
    expect(batch.status).toBe(403);
    expect(batch.body.error.details).toEqual([{ in: 'json', path: ['events', 1, 'type'] }, { in: 'json', path: ['events', 2, 'type'] }]);
    expect(await tableRows(t.store, 'events')).toEqual([]);
    expect(await tableRows(t.store, 'contacts')).toEqual([]);
    // Behavioural events still come from the tracker; commerce ones from the shop's server.
    expect((await t.call('POST', '/api/events', { contactId: 'c1', type: 'page.viewed' }, tracker)).status).toBe(202);
    const shop = await withKey(t, 'commerce');
    expect((await t.call('POST', '/api/events', { contactId: 'c1', type: 'order.paid' }, shop)).status).toBe(202);
    expect((await t.call('POST', '/api/events', { contactId: 'c1', type: 'order.paid' }, await withKey(t, 'marketer'))).status).toBe(403);
  });

  it("corrects a client's clock skew when it says when it sent the event, as Segment does", async () => {
    const t = await createTestApp();
    const received = t.clock.now();
    // The phone's clock runs an hour fast: it saw the page 5 minutes before it sent the event.
    const fast = received + 3_600_000;
    await t.call('POST', '/api/events', { contactId: 'c1', type: 'page.viewed', timestamp: fast - 300_000, sentAt: new Date(fast).toISOString() });
    await t.call('POST', '/api/events', { contactId: 'c1', type: 'page.viewed', timestamp: fast });
    const stored = await tableRows<{ timestamp: number }>(t.store, 'events');
    expect(stored.map((e) => e.timestamp)).toEqual([received - 300_000, fast]);
  });
});
