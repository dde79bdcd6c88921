import { ALL_CHANNELS, channelMessage, defineExecutor, durationMs, eventCountKey, eventCountQuery, SKIP_REASONS, type ContactSnapshot, type EventCountNeed } from '@journey/sdk';
import { MINI_EVENTS } from './mini-program-subscriptions.ts';
import { subscribeMessageSpec, subscriptionNeeds } from './mini-program-node.spec.ts';

const countOf = (contact: ContactSnapshot, need: EventCountNeed, now: number, enteredAt: number) => contact.eventCounts?.[eventCountKey(eventCountQuery(need, now, enteredAt))] ?? 0;

/**
 * With a subscription left to the template (accepted more often than used, by the contact's events) —
 * or once one arrives while waiting — the subscribe message goes to `mini_program` and the run leaves by
 * `out`; without one the run parks until a `mini_program.subscribed` of the template, at most the
 * timeout (then `timeout`, nothing sent). The channel's ledger has the last word: it never sends without
 * a subscription. A contact who opted out of the channel is skipped.
 */
export const subscribeMessageExecutor = defineExecutor(subscribeMessageSpec, {
  execute: ({ config, contact, now, run, resume, render }) => {
    const optedOut = contact.optedOut ?? [];
    if (optedOut.includes(ALL_CHANNELS) || optedOut.includes('mini_program')) return { type: 'next', port: 'out', reason: SKIP_REASONS.optedOut };
    if (resume?.reason === 'timer') return { type: 'next', port: 'timeout' };
    const needs = subscriptionNeeds(config.template);
    const left = countOf(contact, needs.subscribed, now, run.enteredAt) - countOf(contact, needs.used, now, run.enteredAt);
    if (resume?.reason === 'event' || left > 0) {
      return { type: 'next', port: 'out', effects: [channelMessage('mini_program', config.template, render(config.variables))] };
    }
    return { type: 'wait', until: now + durationMs(config.timeout), event: { type: MINI_EVENTS.subscribed, match: { templateId: config.template } } };
  },
});
