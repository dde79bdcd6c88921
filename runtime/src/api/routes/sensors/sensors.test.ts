import { gzipSync } from 'node:zlib';
import { tableRows } from '@journey/db/testing';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test-support.ts';

type EventRow = { id: string; contactId: string; type: string; properties: Record<string, unknown>; messageId: string | null; timestamp: number; receivedAt: number };

const PATH = '/api/integrations/sensors/sa';

/** Records as Sensors Data's SDKs send them (`lib`, `_track_id`, `_flush_time`, `$` presets). */
function record(fields: Record<string, unknown>, trackId: number) {
  return { distinct_id: 'u1', lib: { $lib: 'js', $lib_method: 'code', $lib_version: '1.25.6' }, time: 1767225540000, _track_id: trackId, _flush_time: 1767225540000, ...fields };
}

async function withToken() {
  const t = await createTestApp();
  const key = (await t.call('POST', '/api/api-keys', { name: 'sensors', scope: 'ingest' })).body.key as string;
  return { t, key, at: `${PATH}?project=default&token=${encodeURIComponent(key)}` };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('Sensors Data ingestion', () => {
  it('takes the SDK\'s gzip + base64 data_list with the key in the URL, mapping track, profile_set and track_signup', async () => {
    const { t, at } = await withToken();
    const records = [
      record({ type: 'track', event: '$pageview', properties: { $url: 'https://shop.example/', $title: '首页' } }, 1),
      record({ type: 'track', event: 'PayOrder', properties: { order_id: 'o1', price: 99 } }, 2),
      record({ type: 'track', event: '$AppStart', properties: {} }, 3),
      record({ type: 'profile_set', properties: { $name: '王小明', $phone: '13800000000', city: '杭州', $city: '杭州市' } }, 4),
      record({ type: 'track_signup', event: '$SignUp', original_id: 'device-9', properties: {} }, 5),
    ];
    const dataList = gzipSync(JSON.stringify(records)).toString('base64');
    const res = await t.call('POST', at, form({ data_list: dataList, gzip: '1' }), { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: '' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accepted: 5, duplicates: 0, refused: [] });
    const events = (await tableRows<EventRow>(t.store, 'events')).sort((a, b) => a.id.localeCompare(b.id));
    expect(events.map((e) => e.type)).toEqual(['page.viewed', 'PayOrder', 'AppStart', 'identify', 'contact.aliased']);
    expect(events[1]!.properties).toEqual({ order_id: 'o1', price: 99 });
    expect((await t.call('GET', '/api/contacts/u1')).body).toMatchObject({
      name: '王小明',
      attributes: { city: '杭州', $city: '杭州市' },
      identities: { phone: '13800000000', anonymousId: 'device-9' },
    });

    // The same records again (an SDK retrying), now as one base64 `data` each without gzip: stored once.
    const again = await t.call('POST', at, form({ data: Buffer.from(JSON.stringify(records[1])).toString('base64') }), { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: '' });
    expect(again.body).toEqual({ accepted: 0, duplicates: 1, refused: [] });
  });

  it('imports JSON lines, refusing the bad lines with their reason and taking the rest; corrects for clock skew', async () => {
    const { t, at } = await withToken();
    const now = t.clock.now();
    const lines = [
      JSON.stringify({ distinct_id: 'u2', type: 'track', event: 'ViewProduct', time: now + 60_000 - 3000, _flush_time: now + 60_000, properties: { product_id: 12345 } }),
      '',
      '{ not json',
      JSON.stringify({ distinct_id: 'u2', type: 'profile_unset', properties: { city: null } }),
      JSON.stringify({ distinct_id: 'u2', type: 'track', properties: {} }),
      JSON.stringify({ distinct_id: 'u3', type: 'profile_set', time: now, properties: { email: 'not-an-email' } }),
      JSON.stringify({ distinct_id: 'u3', type: 'profile_set', time: now, properties: { $name: '李雷', level: 3 } }),
    ].join('\n');
    const res = await t.call('POST', at, lines, { 'Content-Type': 'application/x-ndjson', Authorization: '' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(res.body.refused).toEqual([
      { index: 1, line: 3, reason: 'Not a JSON object' },
      { index: 2, line: 4, reason: expect.stringContaining('type') },
      { index: 3, line: 5, reason: expect.stringContaining('names its event') },
      { index: 4, line: 6, reason: expect.stringContaining('traits.email') },
    ]);
    const events = await tableRows<EventRow>(t.store, 'events');
    // The sender's clock was a minute ahead: the event happened 3 s before it was received.
    expect(events.find((e) => e.type === 'ViewProduct')).toMatchObject({ contactId: 'u2', timestamp: now - 3000, receivedAt: now });
    expect((await t.call('GET', '/api/contacts/u3')).body).toMatchObject({ name: '李雷', attributes: { level: 3 } });
  });

  it('takes JSON with a bearer key; refuses commerce from an ingest key, a body of no records, other media types and a missing key', async () => {
    const { t, key } = await withToken();
    const bearer = { Authorization: `Bearer ${key}` };
    expect((await t.call('POST', PATH, [record({ type: 'track', event: 'ViewProduct' }, 1)], bearer)).body).toMatchObject({ accepted: 1 });
    const commerce = await t.call('POST', PATH, [record({ type: 'track', event: 'ViewProduct' }, 2), record({ type: 'track', event: 'order.paid' }, 3)], bearer);
    expect(commerce.status).toBe(403);
    expect(commerce.body.error).toMatchObject({ code: 'commerce_scope_required', details: [{ path: [1, 'event'] }] });
    const garbled = await t.call('POST', PATH, form({ data_list: 'bm90IGd6aXA=', gzip: '1' }), { ...bearer, 'Content-Type': 'application/x-www-form-urlencoded' });
    expect([garbled.status, garbled.body.error.code]).toEqual([400, 'invalid_request']);
    expect((await t.call('POST', PATH, '<xml/>', { ...bearer, 'Content-Type': 'application/xml' })).status).toBe(415);
    expect((await t.call('POST', PATH, [record({ type: 'track', event: 'x' }, 4)], { Authorization: '' })).status).toBe(401);
    expect((await t.call('POST', `${PATH}?token=wrong`, [record({ type: 'track', event: 'x' }, 4)], { Authorization: '' })).status).toBe(401);
    // The token in the URL is the Sensors endpoint's alone.
    expect((await t.call('GET', `/api/contacts?token=${key}`, undefined, { Authorization: '' })).status).toBe(401);
    expect(await tableRows(t.store, 'events')).toHaveLength(1);
  });
});
