import { describe, expect, it } from 'vitest';
import { executeForTest } from '../../core/execute-context.ts';
import { referralCodeFor } from '../offer/offer-code.ts';
import { referralRewardExecutor } from './referral-reward.execute.ts';

const NOW = Date.UTC(2026, 0, 1);
const config = { threshold: 2, qualifyEvent: 'order.paid', reward: { kind: 'coupon', amount: 30 }, timeout: { days: 7 } } as const;
const qualified = (n: number) => ({ reason: 'event', event: { id: 'e', type: 'referral.qualified', properties: { qualified: n }, timestamp: NOW } }) as const;
const parked = { id: 'run_1', journeyId: 'j1', version: 1, contactId: 'c1', context: { referral: { code: 'X', until: NOW + 7 * 86_400_000 } } };

describe('referral_reward executor', () => {
  it('gives the contact their stable referral code and waits for qualified invitees until the deadline', async () => {
    expect(await executeForTest(referralRewardExecutor, config)).toEqual({
      type: 'wait',
      until: NOW + 7 * 86_400_000,
      event: { type: 'referral.qualified', match: { qualifyEvent: 'order.paid' } },
      effects: [{ kind: 'referral_code', code: referralCodeFor('c1') }],
      context: { referral: { code: referralCodeFor('c1'), until: NOW + 7 * 86_400_000 } },
    });
    expect(referralCodeFor('c1')).toBe(referralCodeFor('c1'));
    expect(referralCodeFor('c1')).not.toBe(referralCodeFor('c2'));
  });

  it('keeps waiting below the threshold, rewards at it, times out at the deadline', async () => {
    expect(await executeForTest(referralRewardExecutor, config, { run: parked, resume: qualified(1) })).toEqual({
      type: 'wait',
      until: NOW + 7 * 86_400_000,
      event: { type: 'referral.qualified', match: { qualifyEvent: 'order.paid' } },
    });
    expect(await executeForTest(referralRewardExecutor, config, { run: parked, resume: qualified(2) })).toMatchObject({
      type: 'next',
      port: 'rewarded',
      effects: [{ kind: 'reward', rewardKind: 'coupon', amount: 30, code: expect.stringMatching(/^\w{4}-\w{4}-\w{4}$/) }],
    });
    expect(await executeForTest(referralRewardExecutor, config, { run: parked, resume: { reason: 'timer' } })).toEqual({ type: 'next', port: 'timeout' });
  });
});
