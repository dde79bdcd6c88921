import { channelMessage, defineExecutor, durationMs } from '../../sdk.ts';
import { membershipUpsellSpec } from './membership-upsell.spec.ts';

/** The event a purchase arrives as, with `properties.plan` (and `orderId`, `amount`). */
export const MEMBERSHIP_PURCHASED_EVENT = 'membership.purchased';

/**
 * Sends the plan's pitch through the outbox and waits for `membership.purchased` of that plan: the
 * runtime records the membership and the ledger from the event itself; the run leaves by `joined`,
 * or by `declined` when the time is up.
 */
export const membershipUpsellExecutor = defineExecutor(membershipUpsellSpec, {
  execute: ({ config, now, resume, render, node }) => {
    if (resume) return { type: 'next', port: resume.reason === 'event' ? 'joined' : 'declined' };
    return {
      type: 'wait',
      until: now + durationMs(config.timeout),
      event: { type: MEMBERSHIP_PURCHASED_EVENT, match: { plan: config.plan } },
      effects: [channelMessage(config.channel, node.label ?? '', render(config.template))],
      context: { membership: { plan: config.plan } },
    };
  },
});
