import { ALL_CHANNELS, channelMessage, defineExecutor, durationMs, eventCountKey, eventCountQuery, SKIP_REASONS, type ContactSnapshot } from '@journey/sdk';
import { OA_EVENTS } from './events.ts';
import { oaMessageSpec, windowNeeds } from './oa-message.spec.ts';

/** Whether the follower's customer-service window is open, from the interaction counts the runtime loaded. */
function windowOpen(contact: ContactSnapshot, now: number, enteredAt: number): boolean {
  return windowNeeds.some((need) => (contact.eventCounts?.[eventCountKey(eventCountQuery(need, now, enteredAt))] ?? 0) > 0);
}

/**
 * Inside the follower's window (an `official_account.interacted` recent enough): the text goes out as a
 * customer-service message and the run leaves by `out`. Outside it: in `wait` mode the run parks until
 * the follower interacts (then the text goes) or the timeout passes (`timeout`, nothing sent); in
 * `template` mode the template message goes instead. A contact who opted out of the channel is skipped.
 */
export const oaMessageExecutor = defineExecutor(oaMessageSpec, {
  execute: ({ config, contact, now, run, resume, render }) => {
    const optedOut = contact.optedOut ?? [];
    if (optedOut.includes(ALL_CHANNELS) || optedOut.includes('official_account')) return { type: 'next', port: 'out', reason: SKIP_REASONS.optedOut };
    const text = () => ({ type: 'next' as const, port: 'out' as const, effects: [channelMessage('official_account', '', render(config.text))] });
    if (resume?.reason === 'event') return text();
    if (resume?.reason === 'timer') return { type: 'next', port: 'timeout' };
    if (windowOpen(contact, now, run.enteredAt)) return text();
    if (config.outside === 'template') {
      return { type: 'next', port: 'out', effects: [channelMessage('official_account', config.template, render(config.variables))] };
    }
    return { type: 'wait', until: now + durationMs(config.timeout), event: { type: OA_EVENTS.interacted } };
  },
});
