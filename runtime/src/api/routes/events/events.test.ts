import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test-support.ts';

describe('events routes', () => {
  it('hands a valid event to the runtime and answers 202', async () => {
    const t = createTestApp();
    const res = await t.call('POST', '/api/events', { contactId: 'c1', type: 'contact.acquired', properties: { source: 'douyin_live' } });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: 'evt_0', duplicate: false });
    expect(t.calls.ingested).toEqual([{ contactId: 'c1', type: 'contact.acquired', properties: { source: 'douyin_live' } }]);
  });

  it('takes up to 1000 events in a batch and refuses more', async () => {
    const t = createTestApp();
    const events = Array.from({ length: 1000 }, (_, i) => ({ contactId: `c${i}`, type: 'contact.acquired' }));
    const res = await t.call('POST', '/api/events/batch', { events });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ accepted: 1000, duplicates: 0 });
    const tooMany = await t.call('POST', '/api/events/batch', { events: [...events, { contactId: 'x', type: 'y' }] });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details[0].path).toEqual(['events']);
    expect(t.calls.ingested).toHaveLength(1000);
  });

  it('answers 400 with the path of a bad field and ingests nothing', async () => {
    const t = createTestApp();
    const res = await t.call('POST', '/api/events/batch', { events: [{ contactId: 'c1', type: 'ok' }, { contactId: 'c2', type: 'bad type!' }] });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ in: 'json', path: ['events', 1, 'type'] });
    expect(t.calls.ingested).toEqual([]);
  });

  it('answers 413 for a body over the limit and 401 without a key', async () => {
    const t = createTestApp();
    const big = { contactId: 'c1', type: 'x', properties: { blob: 'x'.repeat(1024 * 1024) } };
    const res = await t.call('POST', '/api/events', big);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect((await t.call('POST', '/api/events', { contactId: 'c1', type: 'x' }, { Authorization: '' })).status).toBe(401);
    expect(t.calls.ingested).toEqual([]);
  });
});
