import { describe, expect, it } from 'vitest';
import { runNode } from '../../testing.ts';
import { membershipUpsellExecutor } from './membership-upsell.execute.ts';

const NOW = Date.UTC(2026, 0, 1);

describe('membership_upsell executor', () => {
  it('sends the pitch and waits for a purchase of the plan', async () => {
    expect(await runNode(membershipUpsellExecutor, { config: { plan: 'gold', template: '{{contact.id}} 开通金卡', timeout: { days: 3 } } })).toEqual({
      type: 'wait',
      until: NOW + 3 * 86_400_000,
      event: { type: 'membership.purchased', match: { plan: 'gold' } },
      effects: [{ kind: 'message', channel: 'wecom_private', title: '', body: 'c1 开通金卡' }],
      context: { membership: { plan: 'gold' } },
    });
  });

  it('leaves by joined on the purchase and by declined when time is up', async () => {
    const purchase = { id: 'e', type: 'membership.purchased', properties: { plan: 'gold' }, timestamp: NOW };
    expect(await runNode(membershipUpsellExecutor, { config: { plan: 'gold' }, resume: { reason: 'event', event: purchase } })).toEqual({ type: 'next', port: 'joined' });
    expect(await runNode(membershipUpsellExecutor, { config: { plan: 'gold' }, resume: { reason: 'timer' } })).toEqual({ type: 'next', port: 'declined' });
  });

  it('lets a contact who already holds the plan leave by joined at once, without a pitch', async () => {
    const card = (planId: string, expiresAt: number) => ({ planId, tier: planId, status: 'active' as const, expiresAt });
    const contact = { id: 'c1', name: null, tags: [], attributes: {}, memberships: [card('gold', NOW + 1000)] };
    expect(await runNode(membershipUpsellExecutor, { config: { plan: 'gold' }, contact })).toEqual({ type: 'next', port: 'joined', context: { membership: { plan: 'gold' } } });
    const lapsed = { ...contact, memberships: [card('gold', NOW - 1), card('silver', NOW + 1000)] };
    expect(await runNode(membershipUpsellExecutor, { config: { plan: 'gold' }, contact: lapsed })).toMatchObject({ type: 'wait' });
  });
});
