/**
 * The butterfly nodes on the real runtime and SQLite: offers with unique codes and redemption,
 * referral attribution and rewards, memberships and the stored-value ledger.
 */
import type { Effect } from '../../nodes/src/server.ts';
import type { LedgerChange, MessageRecord, RunCommit, RunRecord, StoredStep } from '../../db/src/index.ts';
import { execute, tableRows } from '../../db/src/testing.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chainGraph, insertLiveJourney } from '../../runtime/src/queue/journey-fixtures.ts';
import { startHarness, type ButterflyHarness } from './butterfly-fixtures.ts';

const DAY = 86_400_000;
let h: ButterflyHarness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

type OfferRow = { contactId: string; code: string; redeemedAt: number | null };
const refusals = async () => (await tableRows<{ contactId: string; reason: string }>(h.store, 'butterfly_refusals')).map((r) => `${r.contactId}:${r.reason}`);
const offerRows = () => tableRows<OfferRow>(h.store, 'offers');
const messageRows = () => tableRows<MessageRecord>(h.store, 'messages');
const runRows = () => tableRows<RunRecord>(h.store, 'runs');
const rewardRows = () => tableRows(h.store, 'rewards');
const membershipRows = () => tableRows<{ contactId: string; tier: string; status: string; expiresAt: number }>(h.store, 'memberships');

describe('offer node', () => {
  beforeEach(async () => {
    await insertLiveJourney(h.store, {
      id: 'j_offer',
      graph: chainGraph([
        ['entry', 'entry', {}],
        ['offer', 'offer', { kind: 'coupon', name: '新人券', value: 20, expiresInDays: 7 }],
        ['push', 'content_push', { template: '您的券码 {{offer.code}}，{{offer.expiresOn}} 前有效' }],
      ]),
    });
  });

  it('issues one unique code per contact, in the message that follows, across 400 contacts at once', async () => {
    await h.send(Array.from({ length: 400 }, (_, i) => ({ contactId: `c${i}`, type: 'contact.acquired' })));
    const issued = await offerRows();
    expect(issued).toHaveLength(400);
    expect(new Set(issued.map((o) => o.code)).size).toBe(400);
    const bodies = new Map((await messageRows()).map((m) => [m.contactId, m.body]));
    for (const offer of issued) expect(bodies.get(offer.contactId)).toBe(`您的券码 ${offer.code}，2026-01-12 前有效`);
  });

  it('refuses a second offer with a code already taken (the unique index the step retries on)', async () => {
    const effect: Effect = { kind: 'offer', code: 'AAAA-BBBB-CCCC', offerKind: 'coupon', name: 'x', value: 1, currency: 'CNY', expiresAt: h.clock.t };
    const run = { journeyId: 'j', version: 1, nodeId: 'n', entryEventId: null };
    await h.store.runs.insert([{ ...run, id: 'r1', contactId: 'a' }, { ...run, id: 'r2', contactId: 'b' }], h.clock.t);
    /** Commits a step of the run that issues the offer as step 1 of node `n` (the same idempotency key each time). */
    const issue = async (runId: string) => {
      const before = (await h.store.runs.get(runId))!;
      const result: RunCommit['result'] = { run: { ...before, stepSeq: before.stepSeq + 1 }, steps: [], effects: [{ nodeId: 'n', seq: 1, effect }], counters: [] };
      return h.store.runs.commit([{ before, result }], h.clock.t);
    };
    expect(await issue('r1')).toMatchObject({ applied: 1 });
    expect(await issue('r1')).toMatchObject({ applied: 1 });
    await expect(issue('r2')).rejects.toThrow(/UNIQUE/);
    expect(await offerRows()).toHaveLength(1);
  });

  it('marks redemption once and records unknown, foreign, repeated and expired codes as refused', async () => {
    await h.send([{ contactId: 'a', type: 'contact.acquired' }, { contactId: 'b', type: 'contact.acquired' }]);
    const offerOf = async (id: string) => (await offerRows()).find((row) => row.contactId === id)!;
    const [codeA, codeB] = [(await offerOf('a')).code, (await offerOf('b')).code];
    await h.send([
      { contactId: 'a', type: 'offer.redeemed', properties: { code: codeA.toLowerCase().replaceAll('-', ' ') } },
      { contactId: 'a', type: 'offer.redeemed', properties: { code: codeA } },
      { contactId: 'a', type: 'offer.redeemed', properties: { code: 'ZZZZ-ZZZZ-ZZZZ' } },
      { contactId: 'a', type: 'offer.redeemed', properties: { code: codeB } },
    ]);
    // Expiry is measured by the time the server received the redemption, not by the timestamp it claims.
    const sevenDaysLater = h.clock.t + 7 * DAY;
    await h.advance(8 * DAY);
    await h.send([{ contactId: 'b', type: 'offer.redeemed', properties: { code: codeB }, timestamp: sevenDaysLater - 1000 }]);
    expect((await offerOf('a')).redeemedAt).not.toBeNull();
    expect((await offerOf('b')).redeemedAt).toBeNull();
    expect(await refusals()).toEqual(['a:already_redeemed', 'a:unknown_code', 'a:other_contact', 'b:expired']);
  });
});

describe('referral_reward node', () => {
  beforeEach(async () => {
    await insertLiveJourney(h.store, {
      id: 'j_ref',
      graph: chainGraph([
        ['entry', 'entry', { sources: ['qr_code'] }],
        ['ref', 'referral_reward', { threshold: 2, qualifyEvent: 'order.paid', reward: { kind: 'balance', amount: 50 }, timeout: { days: 7 } }, 'rewarded'],
        ['push', 'content_push', { template: '奖励已到账' }],
      ]),
    });
  });
  const codeOf = async (id: string) => (await execute(h.store, 'SELECT code FROM referral_codes WHERE contact_id = ?', [id]))[0]?.code as string;
  const acquired = (contactId: string, referralCode?: string) => ({
    contactId,
    type: 'contact.acquired',
    properties: { source: 'qr_code', ...(referralCode ? { referralCode } : {}) },
  });

  it('attributes first touch only and refuses self-referral, cycles, existing contacts and unknown codes', async () => {
    await h.send([acquired('alice'), acquired('carol')]);
    await h.send([acquired('bob', await codeOf('alice'))]);
    await h.send([acquired('bob', await codeOf('carol'))]);
    await h.send([acquired('dave', 'NOPE-NOPE-NOPE'), { contactId: 'carol', type: 'contact.acquired', properties: { referralCode: await codeOf('carol') } }]);
    await h.send([{ contactId: 'alice', type: 'contact.acquired', properties: { referralCode: await codeOf('bob') } }]);
    await h.send([{ contactId: 'erin', type: 'page.view' }]);
    await h.send([acquired('erin', await codeOf('alice'))]);
    expect((await tableRows<{ referrerId: string; inviteeId: string }>(h.store, 'referrals')).map((r) => `${r.referrerId}>${r.inviteeId}`)).toEqual(['alice>bob']);
    expect(await refusals()).toEqual(['bob:already_attributed', 'dave:unknown_referral_code', 'carol:self_referral', 'alice:cycle', 'erin:existing_contact']);
  });

  it('rewards once when the threshold of invitees qualifies, counting each invitee once', async () => {
    await h.send([acquired('alice')]);
    const code = await codeOf('alice');
    await h.send([acquired('b1', code), acquired('b2', code), acquired('b3', code)]);
    await h.send([{ contactId: 'b1', type: 'order.paid' }, { contactId: 'b1', type: 'order.paid' }]);
    expect((await runRows()).find((row) => row.contactId === 'alice')!.status).toBe('waiting');
    await h.send([{ contactId: 'b2', type: 'order.paid' }, { contactId: 'b3', type: 'order.paid' }]);
    const run = (await runRows()).find((row) => row.contactId === 'alice')!;
    expect(run.status).toBe('completed');
    expect(await rewardRows()).toMatchObject([{ contactId: 'alice', kind: 'balance', amount: 50 }]);
    expect(await h.store.butterfly.balance('alice')).toBe(50);
    expect((await messageRows()).filter((row) => row.contactId === 'alice').map((m) => m.nodeId)).toEqual(['ref', 'push']);
  });

  it('leaves by timeout when too few invitees qualify', async () => {
    await h.send([acquired('alice')]);
    await h.send([acquired('b1', await codeOf('alice'))]);
    await h.send([{ contactId: 'b1', type: 'order.paid' }]);
    await h.advance(7 * DAY + 1000);
    const run = (await runRows()).find((row) => row.contactId === 'alice')!;
    expect(run.status).toBe('completed');
    expect(await rewardRows()).toHaveLength(0);
    expect((await tableRows<StoredStep>(h.store, 'steps')).find((s) => s.runId === run.id && s.nodeId === 'ref' && s.outcome === 'next')?.port).toBe('timeout');
  });
});

describe('membership_upsell node and the ledger', () => {
  beforeEach(async () => {
    const now = h.clock.t;
    await h.store.butterfly.upsertPlan({ id: 'gold', name: '金卡', kind: 'card', price: 199, currency: 'CNY', tier: 'gold', durationDays: 365, benefits: [], bonus: 0 }, now);
    await h.store.butterfly.upsertPlan(
      { id: 'topup_1000', name: '充1000送100', kind: 'stored_value', price: 1000, currency: 'CNY', tier: null, durationDays: null, benefits: [], bonus: 100 },
      now,
    );
    await insertLiveJourney(h.store, {
      id: 'j_member',
      graph: chainGraph([
        ['entry', 'entry', {}],
        ['upsell', 'membership_upsell', { plan: 'gold', template: '{{contact.id}}，开通金卡' }, 'joined'],
        ['check', 'condition', { rules: [{ kind: 'membership', op: 'tier', tier: 'gold' }] }, 'yes'],
        ['push', 'content_push', { template: '欢迎金卡会员' }],
      ]),
    });
  });

  it('sends the pitch, waits for the purchase, records the card and leaves by joined', async () => {
    await h.send([{ contactId: 'm1', type: 'contact.acquired' }]);
    expect((await messageRows()).map((m) => m.body)).toEqual(['m1，开通金卡']);
    await h.send([{ contactId: 'm1', type: 'membership.purchased', properties: { plan: 'gold' } }]);
    expect(await membershipRows()).toMatchObject([{ contactId: 'm1', tier: 'gold', status: 'active', expiresAt: h.clock.t + 365 * DAY }]);
    expect((await messageRows()).map((m) => m.body)).toEqual(['m1，开通金卡', '欢迎金卡会员']);
    await h.send([{ contactId: 'm1', type: 'membership.renewed', properties: { plan: 'gold' } }]);
    expect((await membershipRows())[0]!.expiresAt).toBe(h.clock.t + 730 * DAY);
    await h.send([{ contactId: 'm1', type: 'membership.expired', properties: { plan: 'gold' } }]);
    expect((await membershipRows())[0]!.status).toBe('expired');
  });

  it('starts a card when the purchase is received, whatever its timestamp claims', async () => {
    await h.send([{ contactId: 'm2', type: 'membership.purchased', properties: { plan: 'gold' }, timestamp: Date.UTC(2100, 0, 1) }]);
    expect(await membershipRows()).toMatchObject([{ contactId: 'm2', status: 'active', expiresAt: h.clock.t + 365 * DAY }]);
  });

  it('credits top-ups once per purchase event, refuses overdrafts and never goes negative', async () => {
    const purchase = { contactId: 'v1', type: 'membership.purchased', properties: { plan: 'topup_1000' }, messageId: 'order-1' };
    await h.send([purchase, purchase, { ...purchase, messageId: 'order-1' }]);
    await h.send([{ contactId: 'v1', type: 'balance.spent', properties: { amount: 700 } }]);
    await h.send([{ contactId: 'v1', type: 'balance.spent', properties: { amount: 500 } }]);
    await h.send([{ contactId: 'v1', type: 'balance.spent', properties: { amount: 400 } }]);
    const ledger = (await tableRows<LedgerChange & { balanceAfter: number }>(h.store, 'ledger_entries')).filter((row) => row.contactId === 'v1');
    expect(ledger.map((l) => [l.reason, l.amount, l.balanceAfter])).toEqual([
      ['top_up', 1000, 1000],
      ['bonus', 100, 1100],
      ['spend', -700, 400],
      ['spend', -400, 0],
    ]);
    expect(await refusals()).toEqual(['v1:insufficient_balance']);
    await expect(
      execute(h.store, `INSERT INTO ledger_entries (contact_id, amount, balance_after, reason, source, created_at) VALUES ('v1', -1, -1, 'spend', 'x', 0)`),
    ).rejects.toThrow(/CHECK/);
  });

  it('refuses spends whose amount is not money, whatever got it stored, instead of coercing it to 1', async () => {
    await h.send([{ contactId: 'w1', type: 'membership.purchased', properties: { plan: 'topup_1000' } }]);
    await h.send(['0x1', [1], true, '10', 19.999, -5].map((amount) => ({ contactId: 'w1', type: 'balance.spent', properties: { amount } })));
    await h.send([{ contactId: 'w1', type: 'balance.spent', properties: { amount: 0.5 } }]);
    const ledger = (await tableRows<LedgerChange>(h.store, 'ledger_entries')).filter((row) => row.contactId === 'w1');
    expect(ledger.map((l) => [l.reason, l.amount])).toEqual([['top_up', 1000], ['bonus', 100], ['spend', -0.5]]);
    expect((await refusals()).filter((r) => r.startsWith('w1:'))).toEqual(Array(6).fill('w1:invalid_amount'));
  });
});
