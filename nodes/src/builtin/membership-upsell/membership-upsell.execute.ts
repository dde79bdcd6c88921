import { channelMessage, defineExecutor, durationMs } from '../../sdk.ts';
import { membershipUpsellSpec } from './membership-upsell.spec.ts';

/** The event a purchase arrives as, with `properties.plan` (and `orderId`, `amount`). */
export const MEMBERSHIP_PURCHASED_EVENT = 'membership.purchased';

/**
 * A contact who already holds an active card of the plan (bought before, or before the run got here)
 * leaves by `joined` at once, without a pitch. Otherwise sends the plan's pitch through the outbox and
 * waits for `membership.purchased` of that plan: the runtime records the membership and the ledger from
 * the event itself; the run leaves by `joined`, or by `declined` when the time is up.
 */
export const membershipUpsellExecutor = defineExecutor(membershipUpsellSpec, {
  execute: ({ config, contact, now, resume, render, node }) => {
    if (resume) return { type: 'next', port: resume.reason === 'event' ? 'joined' : 'declined' };
    const member = (contact.memberships ?? []).some((m) => m.planId === config.plan && m.status === 'active' && m.expiresAt > now);
    if (member) return { type: 'next', port: 'joined', context: { membership: { plan: config.plan } } };
    return {
      type: 'wait',
      until: now + durationMs(config.timeout),
      event: { type: MEMBERSHIP_PURCHASED_EVENT, match: { plan: config.plan } },
      effects: [channelMessage(config.channel, node.label ?? '', render(config.template))],
      context: { membership: { plan: config.plan } },
    };
  },
});
