import { execute } from '@journey/db/testing';
import { referralCodeFor } from '@journey/nodes/server';
import { describe, expect, it } from 'vitest';
import { chainGraph } from '../../../queue/journey-fixtures.ts';
import { createTestApp } from '../../test-support.ts';

/**
 * A small population with known answers, run through the real runtime: two feed-ad contacts (a1
 * invites r1 and r2, r1 invites r3), one Douyin live contact with stored value, one QR-code member.
 */
async function scenario() {
  const t = await createTestApp();
  t.runtime.start();
  const now = t.clock.now();
  await t.store.butterfly.upsertPlan({ id: 'gold', name: '金卡', kind: 'card', price: 199, currency: 'CNY', tier: 'gold', durationDays: 365, benefits: [], bonus: 0 }, now);
  await t.store.butterfly.upsertPlan(
    { id: 'topup', name: '充1000送100', kind: 'stored_value', price: 1000, currency: 'CNY', tier: null, durationDays: null, benefits: [], bonus: 100 },
    now,
  );
  const graph = chainGraph([
    ['entry', 'entry', {}],
    ['offer', 'offer', { name: '新人券', value: 10 }],
    ['ref', 'referral_reward', { threshold: 1, qualifyEvent: 'order.paid', reward: { kind: 'points', amount: 10 } }, 'rewarded'],
    ['goal', 'goal', { name: '邀请成功' }],
  ]);
  const created = await t.call('POST', '/api/journeys', { name: '裂变', graph });
  const journeyId: string = created.body.id;
  expect((await t.call('POST', `/api/journeys/${journeyId}/publish`, {})).status).toBe(200);
  const send = async (events: { contactId: string; type: string; properties?: Record<string, unknown> }[]) => {
    expect((await t.call('POST', '/api/events/batch', { events })).status).toBe(202);
    await t.runtime.idle();
  };
  const acquired = (contactId: string, properties: Record<string, unknown>) => ({ contactId, type: 'contact.acquired', properties });
  await send([acquired('a1', { source: 'feed_ad' }), acquired('a2', { source: 'feed_ad' }), acquired('c1', { source: 'douyin_live' }), acquired('o1', { source: 'qr_code' })]);
  await send([acquired('r1', { referralCode: referralCodeFor('a1') }), acquired('r2', { referralCode: referralCodeFor('a1') })]);
  await send([acquired('r3', { referralCode: referralCodeFor('r1') })]);
  const a2Code = (await t.store.butterfly.offersOf('a2'))[0]!.code;
  await send([
    { contactId: 'a1', type: 'content.viewed' },
    { contactId: 'a2', type: 'offer.redeemed', properties: { code: a2Code } },
    { contactId: 'r1', type: 'order.paid' },
    { contactId: 'r1', type: 'order.paid' },
    { contactId: 'c1', type: 'order.paid' },
    { contactId: 'c1', type: 'membership.purchased', properties: { plan: 'topup' } },
    { contactId: 'o1', type: 'membership.purchased', properties: { plan: 'gold' } },
  ]);
  await send([{ contactId: 'c1', type: 'balance.spent', properties: { amount: 100 } }]);
  expect((await t.call('PUT', '/api/analytics/source-costs', { items: [{ source: 'feed_ad', cost: 1000 }, { source: 'douyin_live', cost: 300 }] })).status).toBe(200);
  return { t, journeyId };
}

describe('analytics route', () => {
  it('answers the butterfly figures, reconciled with the raw runs, events, referrals and ledger', async () => {
    const { t, journeyId } = await scenario();
    const res = await t.call('GET', `/api/analytics/butterfly?journeyId=${journeyId}`);
    expect(res.status).toBe(200);
    const a = res.body;
    expect(a.funnel).toEqual({ acquired: 7, engaged: 5, converted: 3, referred: 2, repurchased: 1 });
    expect(a.stageRates).toEqual({ engaged: 5 / 7, converted: 3 / 5, referred: 2 / 3, repurchased: 1 / 2 });
    expect(a.byGroup).toEqual({
      ad: { acquired: 2, engaged: 2, converted: 1, referred: 1, repurchased: 0 },
      content: { acquired: 1, engaged: 1, converted: 1, referred: 0, repurchased: 0 },
      other: { acquired: 1, engaged: 1, converted: 0, referred: 0, repurchased: 0 },
      referral: { acquired: 3, engaged: 1, converted: 1, referred: 1, repurchased: 1 },
    });
    expect(a.bySource[0]).toMatchObject({ source: 'referral', group: 'referral', acquired: 3 });
    expect(a.fission).toEqual({ kFactor: 3 / 7, depth: 2, treeSize: 4, referred: 3, referrers: 2 });
    expect(a.cac).toEqual([
      { source: 'douyin_live', cost: 300, acquired: 1, withReferrals: 1, cacBefore: 300, cacAfter: 300 },
      { source: 'feed_ad', cost: 1000, acquired: 2, withReferrals: 5, cacBefore: 500, cacAfter: 200 },
    ]);
    expect(a.repurchaseRate).toBeCloseTo(1 / 3);
    expect(a.memberships).toBe(1);
    expect(a.balanceOutstanding).toBe(1000);
    expect(a.goals).toEqual([{ journeyId, journeyName: '裂变', nodeId: 'goal', name: '邀请成功', contacts: 1, rate: 1 / 7 }]);

    const c1 = (await t.call('GET', '/api/contacts/c1')).body;
    expect(c1).toMatchObject({ balance: 1000, memberships: [], offers: [{ name: '新人券', redeemedAt: null }] });
    const a2 = (await t.call('GET', '/api/contacts/a2')).body;
    expect(a2.offers[0].redeemedAt).not.toBeNull();
    expect((await t.call('GET', '/api/contacts/o1')).body.memberships).toMatchObject([{ planId: 'gold', tier: 'gold', status: 'active' }]);

    /** The one value of a query (`AS value`), as a number: PostgreSQL answers counts and sums as text. */
    const raw = async (sql: string, params: unknown[] = []) => Number((await execute(t.store, sql, params))[0]!.value);
    expect(a.funnel.acquired).toBe(await raw('SELECT COUNT(DISTINCT contact_id) AS value FROM runs WHERE journey_id = ?', [journeyId]));
    expect(a.fission.referred).toBe(await raw('SELECT COUNT(*) AS value FROM referrals'));
    expect(a.balanceOutstanding).toBe(await raw('SELECT SUM(amount) AS value FROM ledger_entries'));
    expect(a.funnel.repurchased).toBe(
      await raw(`SELECT COUNT(*) AS value FROM (SELECT contact_id FROM events WHERE type = 'order.paid' GROUP BY contact_id HAVING COUNT(*) >= 2) AS repeat_buyers`),
    );
  });

  it('counts only the contacts who entered within the date range, and the goals of every journey when none is picked', async () => {
    const { t, journeyId } = await scenario();
    const start = new Date(t.clock.now()).toISOString();
    t.clock.advance(24 * 3600_000);
    const nextDay = new Date(t.clock.now()).toISOString();
    expect((await t.call('POST', '/api/events', { contactId: 'late', type: 'contact.acquired', properties: { source: 'sem' } })).status).toBe(202);
    await t.runtime.idle();
    const range = async (query: string) => (await t.call('GET', `/api/analytics/butterfly?journeyId=${journeyId}&${query}`)).body;

    const late = await range(`from=${encodeURIComponent(nextDay)}`);
    expect(late.funnel).toEqual({ acquired: 1, engaged: 0, converted: 0, referred: 0, repurchased: 0 });
    expect(late.bySource).toEqual([{ source: 'sem', group: 'ad', acquired: 1, engaged: 0, converted: 0, referred: 0, repurchased: 0 }]);
    expect(late.goals).toEqual([]);
    expect(late.stageRates).toEqual({ engaged: 0, converted: null, referred: null, repurchased: null });
    const early = await range(`from=${encodeURIComponent(start)}&to=${encodeURIComponent(nextDay)}`);
    expect(early.funnel.acquired).toBe(7);
    expect(early.bySource.map((r: { source: string }) => r.source)).not.toContain('sem');
    expect((await range('')).funnel.acquired).toBe(8);

    const all = (await t.call('GET', '/api/analytics/butterfly')).body;
    expect(all.goals).toEqual([{ journeyId, journeyName: '裂变', nodeId: 'goal', name: '邀请成功', contacts: 1, rate: 1 / 8 }]);

    const backwards = await range(`from=${encodeURIComponent(nextDay)}&to=${encodeURIComponent(start)}`);
    expect(backwards.error.details).toEqual([expect.objectContaining({ path: ['to'] })]);
    expect((await range('from=yesterday')).error.details).toEqual([expect.objectContaining({ path: ['from'] })]);
  });

  it('404s an unknown journey and lets only writers set source costs', async () => {
    const t = await createTestApp();
    expect((await t.call('GET', '/api/analytics/butterfly?journeyId=nope')).status).toBe(404);
    expect((await t.call('GET', '/api/analytics/butterfly')).body.funnel.acquired).toBe(0);
    expect((await t.call('PUT', '/api/analytics/source-costs', { items: [{ source: 'sem', cost: -1 }] })).status).toBe(400);
    expect((await t.call('GET', '/api/analytics/source-costs')).body).toEqual({ items: [] });
  });
});
