import { channelMessage, defineExecutor, durationMs, renderTemplate } from '../../sdk.ts';
import { generateOfferCode, referralCodeFor } from '../offer/offer-code.ts';
import { referralRewardSpec } from './referral-reward.spec.ts';

/**
 * The event the runtime sends a referrer whose waiting node's `threshold` of invitees has qualified by
 * `qualifyEvent`, with `{ qualifyEvent, threshold, qualified }`.
 */
export const REFERRAL_QUALIFIED_EVENT = 'referral.qualified';

/**
 * The link an invitee opens: the journey's landing page with the code as `ref`, or `''` without a page.
 *
 * @example referralLink('https://m.brand.cn/join?from=wx', 'K7QM') // "https://m.brand.cn/join?from=wx&ref=K7QM"
 */
export function referralLink(landingUrl: string, code: string): string {
  if (!landingUrl) return '';
  const url = new URL(landingUrl);
  url.searchParams.set('ref', code);
  return url.toString();
}

/**
 * Gives the contact their referral code (`{{referral.code}}`) in an invitation message and waits for
 * `referral.qualified` at its threshold: then the reward is issued (once: it is the step's effect)
 * and the run leaves by `rewarded`; at the deadline by `timeout`.
 */
export const referralRewardExecutor = defineExecutor(referralRewardSpec, {
  execute: ({ config, contact, run, now, resume, event, node }) => {
    if (!resume) {
      const code = referralCodeFor(contact.id);
      const referral = { code, link: referralLink(config.landingUrl, code) };
      const until = now + durationMs(config.timeout);
      return {
        type: 'wait',
        until,
        event: { type: REFERRAL_QUALIFIED_EVENT, match: { qualifyEvent: config.qualifyEvent, threshold: config.threshold } },
        effects: [
          { kind: 'referral_code', code },
          // The code joins the context with this step, so the invitation renders against it here.
          channelMessage(config.channel, node.label ?? '', renderTemplate(config.template, { ...run.context, referral, contact, event })),
        ],
        context: { referral },
      };
    }
    if (resume.reason === 'timer') return { type: 'next', port: 'timeout' };
    const { kind, amount, threshold } = config.reward;
    return {
      type: 'next',
      port: 'rewarded',
      effects: [{ kind: 'reward', rewardKind: kind, amount, ...(kind === 'coupon' ? { code: generateOfferCode(), threshold } : {}) }],
    };
  },
});
