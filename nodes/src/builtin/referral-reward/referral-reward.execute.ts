import { defineExecutor } from '../../core/define-executor.ts';
import { durationMs } from '../../core/duration.ts';
import { generateOfferCode, referralCodeFor } from '../offer/offer-code.ts';
import { referralRewardSpec } from './referral-reward.spec.ts';

/**
 * The event the runtime sends a referrer each time one more invitee qualifies, with
 * `{ qualifyEvent, qualified }` (invitees qualified so far by that event).
 */
export const REFERRAL_QUALIFIED_EVENT = 'referral.qualified';

/**
 * Gives the contact their referral code (`{{referral.code}}`) and waits: each `referral.qualified`
 * event brings the count of qualified invitees; at `threshold` the reward is issued (once: it is
 * the step's effect) and the run leaves by `rewarded`, at the deadline by `timeout`.
 */
export const referralRewardExecutor = defineExecutor(referralRewardSpec, {
  execute: ({ config, contact, run, now, resume }) => {
    const waitFor = { type: REFERRAL_QUALIFIED_EVENT, match: { qualifyEvent: config.qualifyEvent } };
    if (!resume) {
      const code = referralCodeFor(contact.id);
      const until = now + durationMs(config.timeout);
      return {
        type: 'wait',
        until,
        event: waitFor,
        effects: [{ kind: 'referral_code', code }],
        context: { referral: { code, until } },
      };
    }
    if (resume.reason === 'timer') return { type: 'next', port: 'timeout' };
    const qualified = Number(resume.event.properties.qualified ?? 0);
    if (qualified < config.threshold) {
      const until = Number((run.context.referral as { until?: unknown } | undefined)?.until ?? now);
      return { type: 'wait', until, event: waitFor };
    }
    const { kind, amount } = config.reward;
    return {
      type: 'next',
      port: 'rewarded',
      effects: [{ kind: 'reward', rewardKind: kind, amount, ...(kind === 'coupon' ? { code: generateOfferCode() } : {}) }],
    };
  },
});
