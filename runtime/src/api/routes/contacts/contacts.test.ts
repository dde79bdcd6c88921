import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test-support.ts';

describe('contacts routes', () => {
  it('creates then updates a contact, merging attributes and adding tags', async () => {
    const t = await createTestApp();
    const created = await t.call('POST', '/api/contacts', { id: 'c1', name: '小王', attributes: { city: '杭州' }, tags: ['vip'] });
    expect(created.status).toBe(201);
    const updated = await t.call('POST', '/api/contacts', { id: 'c1', attributes: { level: 2 }, tags: ['new', 'vip'] });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: 'c1', name: '小王', attributes: { city: '杭州', level: 2 }, tags: ['new', 'vip'] });
    const read = await t.call('GET', '/api/contacts/c1');
    expect(read.body).toMatchObject({ id: 'c1', tags: ['new', 'vip'], runs: [] });
    expect((await t.call('GET', '/api/contacts/c1/timeline')).body).toEqual({ items: [], nextCursor: null });
  });

  it('answers 400 with the field path, 404 for an unknown contact, 401 without credentials', async () => {
    const t = await createTestApp();
    const bad = await t.call('POST', '/api/contacts', { id: 'c1', tags: ['ok', ''] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toEqual(['tags', 1]);
    expect((await t.call('GET', '/api/contacts/c1')).status).toBe(404);
    expect((await t.call('GET', '/api/contacts/nobody/timeline')).status).toBe(404);
    expect((await t.call('GET', '/api/contacts/c1', undefined, { Authorization: '' })).status).toBe(401);
  });
});
