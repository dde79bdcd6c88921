import { ALL_CHANNELS, channelMessage, defineExecutor, durationMs, SKIP_REASONS, subscriptionsLeft } from '@journey/sdk';
import { appSubscriptionNeeds, subscribeMessageSpec } from './subscribe-message.spec.ts';
import { subscriptionApp, wechatTemplateId } from './subscriptions.ts';

/**
 * With a subscription left to the template of the chosen app (accepted more often than used, by the
 * contact's events) — or once one arrives while waiting — the message goes to the app's channel
 * (`mini_program`, or `official_account` as a subscription notification) and the run leaves by `out`;
 * without one the run parks until the app's `subscribed` event of the template, at most the timeout
 * (then `timeout`, nothing sent). The channel's ledger has the last word: it never sends without a
 * subscription. A contact who opted out of the channel is skipped.
 */
export const subscribeMessageExecutor = defineExecutor(subscribeMessageSpec, {
  execute: ({ config, contact, now, run, resume, render }) => {
    const app = subscriptionApp(config.app);
    const optedOut = contact.optedOut ?? [];
    if (optedOut.includes(ALL_CHANNELS) || optedOut.includes(app.channel)) return { type: 'next', port: 'out', reason: SKIP_REASONS.optedOut };
    if (resume?.reason === 'timer') return { type: 'next', port: 'timeout' };
    const left = subscriptionsLeft(contact, appSubscriptionNeeds(config.template, config.app), now, run.enteredAt);
    if (resume?.reason === 'event' || left > 0) {
      return { type: 'next', port: 'out', effects: [channelMessage(app.channel, config.template, render(config.variables))] };
    }
    return { type: 'wait', until: now + durationMs(config.timeout), event: { type: app.events.subscribed, match: { templateId: wechatTemplateId(app, config.template) } } };
  },
});
