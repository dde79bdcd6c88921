/**
 * The butterfly nodes on the real runtime and SQLite: offers with unique codes and redemption,
 * referral attribution and rewards, memberships and the stored-value ledger.
 */
import { butterflyRefusals, ledgerEntries, membershipPlans, memberships, messages, offers, referrals, rewards, runs } from '../../db/src/index.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ButterflyStore } from '../../runtime/src/butterfly/butterfly-store.ts';
import { chainGraph, insertLiveJourney } from '../../runtime/src/queue/journey-fixtures.ts';
import { startHarness, type ButterflyHarness } from './butterfly-fixtures.ts';

const DAY = 86_400_000;
let h: ButterflyHarness;
beforeEach(() => {
  h = startHarness();
});
afterEach(async () => {
  await h.close();
});

const refusals = () => h.store.db.select().from(butterflyRefusals).all().map((r) => `${r.contactId}:${r.reason}`);

describe('offer node', () => {
  beforeEach(() => {
    insertLiveJourney(h.store, {
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
    const issued = h.store.db.select().from(offers).all();
    expect(issued).toHaveLength(400);
    expect(new Set(issued.map((o) => o.code)).size).toBe(400);
    const bodies = new Map(h.store.db.select().from(messages).all().map((m) => [m.contactId, m.body]));
    for (const offer of issued) expect(bodies.get(offer.contactId)).toBe(`您的券码 ${offer.code}，2026-01-12 前有效`);
  });

  it('refuses a second offer with a code already taken (the unique index the step retries on)', () => {
    const store = new ButterflyStore(h.store);
    const effect = { kind: 'offer', code: 'AAAA-BBBB-CCCC', offerKind: 'coupon', name: 'x', value: 1, currency: 'CNY', expiresAt: h.clock.t } as const;
    store.applyEffect({ runId: 'r1', journeyId: 'j', contactId: 'a', nodeId: 'n', seq: 1 }, effect, h.clock.t);
    store.applyEffect({ runId: 'r1', journeyId: 'j', contactId: 'a', nodeId: 'n', seq: 1 }, effect, h.clock.t);
    expect(() => store.applyEffect({ runId: 'r2', journeyId: 'j', contactId: 'b', nodeId: 'n', seq: 1 }, effect, h.clock.t)).toThrow(/UNIQUE/);
    expect(h.store.db.select().from(offers).all()).toHaveLength(1);
  });

  it('marks redemption once and records unknown, foreign, repeated and expired codes as refused', async () => {
    await h.send([{ contactId: 'a', type: 'contact.acquired' }, { contactId: 'b', type: 'contact.acquired' }]);
    const code = (id: string) => h.store.db.select().from(offers).all().find((row) => row.contactId === id)!.code;
    await h.send([
      { contactId: 'a', type: 'offer.redeemed', properties: { code: code('a').toLowerCase().replaceAll('-', ' ') } },
      { contactId: 'a', type: 'offer.redeemed', properties: { code: code('a') } },
      { contactId: 'a', type: 'offer.redeemed', properties: { code: 'ZZZZ-ZZZZ-ZZZZ' } },
      { contactId: 'a', type: 'offer.redeemed', properties: { code: code('b') } },
    ]);
    await h.send([{ contactId: 'b', type: 'offer.redeemed', properties: { code: code('b') }, timestamp: h.clock.t + 8 * DAY }]);
    expect(h.store.db.select().from(offers).all().find((row) => row.contactId === 'a')!.redeemedAt).not.toBeNull();
    expect(h.store.db.select().from(offers).all().find((row) => row.contactId === 'b')!.redeemedAt).toBeNull();
    expect(refusals()).toEqual(['a:already_redeemed', 'a:unknown_code', 'a:other_contact', 'b:expired']);
  });
});

describe('referral_reward node', () => {
  beforeEach(() => {
    insertLiveJourney(h.store, {
      id: 'j_ref',
      graph: chainGraph([
        ['entry', 'entry', { sources: ['qr_code'] }],
        ['ref', 'referral_reward', { threshold: 2, qualifyEvent: 'order.paid', reward: { kind: 'balance', amount: 50 }, timeout: { days: 7 } }, 'rewarded'],
        ['push', 'content_push', { template: '奖励已到账' }],
      ]),
    });
  });
  const codeOf = (id: string) => h.store.sqlite.prepare('SELECT code FROM referral_codes WHERE contact_id = ?').pluck().get(id) as string;
  const acquired = (contactId: string, referralCode?: string) => ({
    contactId,
    type: 'contact.acquired',
    properties: { source: 'qr_code', ...(referralCode ? { referralCode } : {}) },
  });

  it('attributes first touch only and refuses self-referral, cycles, existing contacts and unknown codes', async () => {
    await h.send([acquired('alice'), acquired('carol')]);
    await h.send([acquired('bob', codeOf('alice'))]);
    await h.send([acquired('bob', codeOf('carol'))]);
    await h.send([acquired('dave', 'NOPE-NOPE-NOPE'), { contactId: 'carol', type: 'contact.acquired', properties: { referralCode: codeOf('carol') } }]);
    await h.send([{ contactId: 'alice', type: 'contact.acquired', properties: { referralCode: codeOf('bob') } }]);
    await h.send([{ contactId: 'erin', type: 'page.view' }]);
    await h.send([acquired('erin', codeOf('alice'))]);
    expect(h.store.db.select().from(referrals).all().map((r) => `${r.referrerId}>${r.inviteeId}`)).toEqual(['alice>bob']);
    expect(refusals()).toEqual(['bob:already_attributed', 'dave:unknown_referral_code', 'carol:self_referral', 'alice:cycle', 'erin:existing_contact']);
  });

  it('rewards once when the threshold of invitees qualifies, counting each invitee once', async () => {
    await h.send([acquired('alice')]);
    const code = codeOf('alice');
    await h.send([acquired('b1', code), acquired('b2', code), acquired('b3', code)]);
    await h.send([{ contactId: 'b1', type: 'order.paid' }, { contactId: 'b1', type: 'order.paid' }]);
    expect(h.store.db.select().from(runs).all().find((row) => row.contactId === 'alice')!.status).toBe('waiting');
    await h.send([{ contactId: 'b2', type: 'order.paid' }, { contactId: 'b3', type: 'order.paid' }]);
    const run = h.store.db.select().from(runs).all().find((row) => row.contactId === 'alice')!;
    expect(run.status).toBe('completed');
    expect(h.store.db.select().from(rewards).all()).toMatchObject([{ contactId: 'alice', kind: 'balance', amount: 50 }]);
    expect(new ButterflyStore(h.store).balance('alice')).toBe(50);
    expect(h.store.db.select().from(messages).all().filter((row) => row.contactId === 'alice').map((m) => m.nodeId)).toEqual(['ref', 'push']);
  });

  it('leaves by timeout when too few invitees qualify', async () => {
    await h.send([acquired('alice')]);
    await h.send([acquired('b1', codeOf('alice'))]);
    await h.send([{ contactId: 'b1', type: 'order.paid' }]);
    await h.advance(7 * DAY + 1000);
    const run = h.store.db.select().from(runs).all().find((row) => row.contactId === 'alice')!;
    expect(run.status).toBe('completed');
    expect(h.store.db.select().from(rewards).all()).toHaveLength(0);
    expect(h.store.sqlite.prepare(`SELECT port FROM steps WHERE run_id = ? AND node_id = 'ref' AND outcome = 'next'`).pluck().get(run.id)).toBe('timeout');
  });
});

describe('membership_upsell node and the ledger', () => {
  beforeEach(() => {
    const now = h.clock.t;
    h.store.db.insert(membershipPlans).values([
      { id: 'gold', name: '金卡', kind: 'card', price: 199, tier: 'gold', durationDays: 365, createdAt: now, updatedAt: now },
      { id: 'topup_1000', name: '充1000送100', kind: 'stored_value', price: 1000, bonus: 100, createdAt: now, updatedAt: now },
    ]).run();
    insertLiveJourney(h.store, {
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
    expect(h.store.db.select().from(messages).all().map((m) => m.body)).toEqual(['m1，开通金卡']);
    await h.send([{ contactId: 'm1', type: 'membership.purchased', properties: { plan: 'gold' } }]);
    expect(h.store.db.select().from(memberships).all()).toMatchObject([{ contactId: 'm1', tier: 'gold', status: 'active', expiresAt: h.clock.t + 365 * DAY }]);
    expect(h.store.db.select().from(messages).all().map((m) => m.body)).toEqual(['m1，开通金卡', '欢迎金卡会员']);
    await h.send([{ contactId: 'm1', type: 'membership.renewed', properties: { plan: 'gold' } }]);
    expect(h.store.db.select().from(memberships).get()!.expiresAt).toBe(h.clock.t + 730 * DAY);
    await h.send([{ contactId: 'm1', type: 'membership.expired', properties: { plan: 'gold' } }]);
    expect(h.store.db.select().from(memberships).get()!.status).toBe('expired');
  });

  it('credits top-ups once per purchase event, refuses overdrafts and never goes negative', async () => {
    const purchase = { contactId: 'v1', type: 'membership.purchased', properties: { plan: 'topup_1000' }, messageId: 'order-1' };
    await h.send([purchase, purchase, { ...purchase, messageId: 'order-1' }]);
    await h.send([{ contactId: 'v1', type: 'balance.spent', properties: { amount: 700 } }]);
    await h.send([{ contactId: 'v1', type: 'balance.spent', properties: { amount: 500 } }]);
    await h.send([{ contactId: 'v1', type: 'balance.spent', properties: { amount: 400 } }]);
    const ledger = h.store.db.select().from(ledgerEntries).all().filter((row) => row.contactId === 'v1');
    expect(ledger.map((l) => [l.reason, l.amount, l.balanceAfter])).toEqual([
      ['top_up', 1000, 1000],
      ['bonus', 100, 1100],
      ['spend', -700, 400],
      ['spend', -400, 0],
    ]);
    expect(refusals()).toEqual(['v1:insufficient_balance']);
    expect(() =>
      h.store.sqlite.prepare(`INSERT INTO ledger_entries (contact_id, amount, balance_after, reason, source, created_at) VALUES ('v1', -1, -1, 'spend', 'x', 0)`).run(),
    ).toThrow(/CHECK/);
  });
});
