import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test-support.ts';

describe('plans route', () => {
  it('creates, replaces and lists plans; a card needs a tier and a duration', async () => {
    const t = await createTestApp();
    const gold = { id: 'gold', name: '金卡', kind: 'card', price: 199, tier: 'gold', durationDays: 365, benefits: ['95折'] };
    expect((await t.call('POST', '/api/plans', gold)).body).toMatchObject({ ...gold, bonus: 0, archived: false, currency: 'CNY' });
    expect((await t.call('POST', '/api/plans', { ...gold, price: 299 })).body.price).toBe(299);
    await t.call('POST', '/api/plans', { id: 'topup_1000', name: '充1000送100', kind: 'stored_value', price: 1000, bonus: 100 });
    expect((await t.call('GET', '/api/plans')).body.items.map((p: { id: string }) => p.id)).toEqual(['gold', 'topup_1000']);
    const bad = await t.call('POST', '/api/plans', { id: 'silver', name: '银卡', kind: 'card', price: 99 });
    expect(bad.status).toBe(400);
    expect((await t.call('POST', '/api/plans', { ...gold, id: 'Gold Card' })).status).toBe(400);
  });

  it('takes prices and bonuses exact to the cent, and nothing coerced', async () => {
    const t = await createTestApp();
    const topUp = { id: 'topup', name: '充值', kind: 'stored_value', price: 99.9, bonus: 0.1 };
    expect((await t.call('POST', '/api/plans', topUp)).body).toMatchObject({ price: 99.9, bonus: 0.1 });
    const before = await t.snapshot();
    for (const [field, value] of [['price', '0x1'], ['price', '100'], ['price', 19.999], ['bonus', true], ['bonus', [1]]] as const) {
      const res = await t.call('POST', '/api/plans', { ...topUp, [field]: value });
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: [field] })]);
    }
    expect(await t.snapshot()).toEqual(before);
  });

  it('archives a plan and brings it back; an upsert keeps it archived; 404 for an unknown plan', async () => {
    const t = await createTestApp();
    await t.call('POST', '/api/plans', { id: 'gold', name: '金卡', kind: 'card', price: 199, tier: 'gold', durationDays: 365 });
    const archived = await t.call('POST', '/api/plans/gold/archive');
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ id: 'gold', archived: true });
    expect((await t.call('POST', '/api/plans', { id: 'gold', name: '金卡 2026', kind: 'card', price: 199, tier: 'gold', durationDays: 365 })).body).toMatchObject({ name: '金卡 2026', archived: true });
    expect((await t.call('GET', '/api/plans')).body.items).toEqual([expect.objectContaining({ id: 'gold', archived: true })]);
    expect((await t.call('POST', '/api/plans/gold/restore')).body).toMatchObject({ archived: false });
    expect((await t.call('POST', '/api/plans/silver/archive')).status).toBe(404);
  });
});
