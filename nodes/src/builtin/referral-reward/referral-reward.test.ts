import { describe, expect, it } from 'vitest';
import { runNode } from '../../testing.ts';
import { referralCodeFor } from '../offer/offer-code.ts';
import { referralLink, referralRewardExecutor } from './referral-reward.execute.ts';

const NOW = Date.UTC(2026, 0, 1);
const config = { threshold: 2, qualifyEvent: 'order.paid', reward: { kind: 'coupon', amount: 30 }, timeout: { days: 7 } } as const;
const reached = { reason: 'event', event: { id: 'e', type: 'referral.qualified', properties: { qualified: 2, threshold: 2 }, timestamp: NOW } } as const;

describe('referral_reward executor', () => {
  it('gives the contact their stable referral code and waits for qualified invitees until the deadline', async () => {
    expect(await runNode(referralRewardExecutor, { config })).toEqual({
      type: 'wait',
      until: NOW + 7 * 86_400_000,
      event: { type: 'referral.qualified', match: { qualifyEvent: 'order.paid', threshold: 2 } },
      effects: [
        { kind: 'referral_code', code: referralCodeFor('c1') },
        { kind: 'message', channel: 'wecom_private', title: '', body: `朋友，邀请好友注册时填写邀请码 ${referralCodeFor('c1')}，达标即得奖励` },
      ],
      context: { referral: { code: referralCodeFor('c1'), link: '' } },
    });
    expect(referralCodeFor('c1')).toBe(referralCodeFor('c1'));
    expect(referralCodeFor('c1')).not.toBe(referralCodeFor('c2'));
  });

  it('builds the referral link from the landing page and puts it in the message and the context', async () => {
    const code = referralCodeFor('c1');
    const withPage = { ...config, landingUrl: 'https://m.brand.cn/join?from=wx', template: '{{referral.link}}' };
    const outcome = await runNode(referralRewardExecutor, { config: withPage });
    const link = `https://m.brand.cn/join?from=wx&ref=${code}`;
    expect(outcome).toMatchObject({ effects: [{}, { body: link }], context: { referral: { code, link } } });
    expect(referralLink('', code)).toBe('');
  });

  it('rewards when the threshold is reached and times out at the deadline', async () => {
    expect(await runNode(referralRewardExecutor, { config, resume: reached })).toMatchObject({
      type: 'next',
      port: 'rewarded',
      effects: [{ kind: 'reward', rewardKind: 'coupon', amount: 30, code: expect.stringMatching(/^\w{4}-\w{4}-\w{4}$/) }],
    });
    const threshold = { ...config, reward: { kind: 'coupon', amount: 30, threshold: 100 } } as const;
    expect(await runNode(referralRewardExecutor, { config: threshold, resume: reached })).toMatchObject({ effects: [{ rewardKind: 'coupon', amount: 30, threshold: 100 }] });
    expect(await runNode(referralRewardExecutor, { config, resume: { reason: 'timer' } })).toEqual({ type: 'next', port: 'timeout' });
  });
});
