/** The shipped butterfly template, published as is, runs a contact from acquisition to repurchase. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageRecord, RunRecord, StoredStep } from '../../db/src/index.ts';
import { tableRows } from '../../db/src/testing.ts';
import { JOURNEY_TEMPLATES } from '../../editor/src/journeys/templates/journey-templates.ts';
import { insertLiveJourney } from '../../runtime/src/queue/journey-fixtures.ts';
import { referralCodeFor } from '../../nodes/src/server.ts';
import { startHarness, type ButterflyHarness } from './butterfly-fixtures.ts';

const DAY = 86_400_000;
const template = JOURNEY_TEMPLATES.find((t) => t.key === 'butterfly-model')!;
let h: ButterflyHarness;
beforeEach(async () => {
  h = await startHarness();
  const now = h.clock.t;
  await h.store.butterfly.upsertPlan({ id: 'gold_card', name: '金卡', kind: 'card', price: 199, currency: 'CNY', tier: 'gold', durationDays: 365, benefits: [], bonus: 0 }, now);
  await insertLiveJourney(h.store, { id: 'j_butterfly', graph: template.graph });
});
afterEach(async () => {
  await h.close();
});

const messageRows = () => tableRows<MessageRecord>(h.store, 'messages');
const portsOf = async (contactId: string) =>
  (await tableRows<StoredStep>(h.store, 'steps')).filter((s) => s.contactId === contactId && s.outcome === 'next').map((s) => `${s.nodeId}:${s.port}`);

describe('butterfly template', () => {
  /** From any of the four sources to the trial offer and the first order. */
  async function toFirstOrder(contactId: string) {
    await h.send([{ contactId, type: 'contact.acquired', properties: { source: 'douyin_live' } }]);
    await h.advance(1 * DAY + 1000);
    await h.advance(2 * DAY + 1000);
    expect((await messageRows()).find((m) => m.contactId === contactId && m.nodeId === 'offer_push')!.body).toMatch(/券码 \w{4}-\w{4}-\w{4}，2026-01-1\d 前有效/);
    await h.send([{ contactId, type: 'order.paid', properties: { amount: 99 } }]);
  }
  const firstOrderPath = [
    'acquire_live:out', 'welcome_tag:out', 'welcome:out', 'wait_content:out', 'content:out', 'wait_activity:out', 'activity:out',
    'trial_offer:out', 'offer_push:out', 'first_order:matched', 'first_order_goal:out',
  ];

  it('takes a new customer through the offer and the first order, the membership pitch and a repurchase ("big to small", then back)', async () => {
    await toFirstOrder('mia');
    expect((await messageRows()).find((m) => m.contactId === 'mia' && m.nodeId === 'upsell')!.body).toContain('开通金卡会员');
    await h.send([{ contactId: 'mia', type: 'membership.purchased', properties: { plan: 'gold_card' } }]);
    expect(await tableRows(h.store, 'memberships')).toMatchObject([{ contactId: 'mia', tier: 'gold' }]);
    await h.advance(20 * DAY + 1000);
    await h.send([{ contactId: 'mia', type: 'order.paid' }]);

    const run = (await tableRows<RunRecord>(h.store, 'runs')).find((r) => r.contactId === 'mia')!;
    expect(await portsOf('mia')).toEqual([
      ...firstOrderPath, 'member_check:no', 'upsell:joined', 'member_tag:out', 'wait_repurchase:out', 'repurchase_push:out', 'repurchase:matched', 'repurchase_goal:out',
    ]);
    // The template ends at an exit node: reaching it completes the run.
    expect(run.status).toBe('completed');
  });

  it('asks a member to refer friends and rewards them once three friends ordered ("small to big")', async () => {
    await h.send([{ contactId: 'leo', type: 'membership.purchased', properties: { plan: 'gold_card' } }]);
    await toFirstOrder('leo');
    const code = referralCodeFor('leo');
    expect((await messageRows()).find((m) => m.contactId === 'leo' && m.nodeId === 'referral')!.body).toContain(code);
    const friends = ['f1', 'f2', 'f3'];
    await h.send(friends.map((id) => ({ contactId: id, type: 'contact.acquired', properties: { source: 'qr_code', referralCode: code } })));
    await h.send(friends.map((id) => ({ contactId: id, type: 'order.paid' })));

    const run = (await tableRows<RunRecord>(h.store, 'runs')).find((r) => r.contactId === 'leo')!;
    expect(await portsOf('leo')).toEqual([...firstOrderPath, 'member_check:yes', 'referral:rewarded', 'referral_goal:out']);
    expect(run.status).toBe('completed');
  });
});
