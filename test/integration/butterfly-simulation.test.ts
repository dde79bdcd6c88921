/** The launch review's dry run of the shipped butterfly template on three sample contacts, through the API. */
import { describe, expect, it } from 'vitest';
import { JOURNEY_TEMPLATES } from '../../editor/src/journeys/templates/journey-templates.ts';
import { createTestApp } from '../../runtime/src/api/test-support.ts';

const template = JOURNEY_TEMPLATES.find((t) => t.key === 'butterfly-model')!;
const START = '2026-03-02T02:00:00.000Z';

describe('simulating the butterfly template', () => {
  it('takes a buyer who is no member to the membership offer, a browser to the end by timeout, and leaves a late lead waiting at the horizon', async () => {
    const { call, snapshot } = await createTestApp();
    const created = await call('POST', '/api/journeys', { name: template.title['zh-CN'], graph: template.graph });
    const before = await snapshot();
    const res = await call('POST', `/api/journeys/${created.body.id}/simulate`, {
      start: START,
      horizon: { days: 10 },
      contacts: [
        { kind: 'described', contactId: 'buyer', name: '买家小王', tags: [] },
        { kind: 'described', contactId: 'browser', name: '逛逛小李' },
        { kind: 'described', contactId: 'late', name: '晚到小张' },
      ],
      events: [
        { contactId: 'buyer', type: 'contact.acquired', properties: { source: 'douyin_live' } },
        { contactId: 'buyer', type: 'order.paid', properties: { amount: 99 }, after: { days: 4 } },
        { contactId: 'browser', type: 'contact.acquired', properties: { source: 'feed_ad' } },
        { contactId: 'late', type: 'contact.acquired', properties: { source: 'qr_code' }, after: { days: 9 } },
      ],
    });
    expect(res.status).toBe(200);
    expect(await snapshot()).toEqual(before);
    const [buyer, browser, late] = res.body.contacts;
    const path = (run: { steps: { nodeId: string; outcome: string }[] }) => run.steps.filter((s) => s.outcome === 'next').map((s) => s.nodeId);

    expect(path(buyer.runs[0])).toEqual([
      'acquire_live', 'welcome_tag', 'welcome', 'wait_content', 'content', 'wait_activity', 'activity', 'trial_offer', 'offer_push', 'first_order', 'first_order_goal', 'member_check',
    ]);
    // Not a member yet: the buyer is pitched the gold card and waits for the purchase.
    expect(buyer.runs[0]).toMatchObject({ status: 'waiting', nodeId: 'upsell', entry: { source: 'douyin_live' } });
    expect(buyer.runs[0].messages[4].body).toMatch(/^买家小王，开通金卡会员/);
    expect(buyer.runs[0].messages.map((m: { channel: string }) => m.channel)).toEqual(['wecom_private', 'official_account', 'wecom_group', 'wecom_private', 'wecom_private']);
    expect(buyer.runs[0].messages[3].body).toMatch(/^买家小王，送你一张 新客首单立减 20 元，券码 \w{4}-\w{4}-\w{4}/);
    expect(buyer.tags).toEqual(['新客']);

    // No order within the 7-day window: the browser leaves by the timeout to the exit node, which completes the journey.
    expect(browser.runs[0]).toMatchObject({ status: 'completed', nodeId: 'done_lost', endedAt: '2026-03-12T02:00:00.000Z' });
    expect(browser.runs[0].waits.map((w: { nodeId: string; until: string }) => `${w.nodeId} ${w.until}`)).toEqual([
      'wait_content 2026-03-03T02:00:00.000Z',
      'wait_activity 2026-03-05T02:00:00.000Z',
      'first_order 2026-03-12T02:00:00.000Z',
    ]);

    expect(late.runs[0]).toMatchObject({ status: 'waiting', nodeId: 'wait_activity', wakeAt: '2026-03-14T02:00:00.000Z' });
  });
});
