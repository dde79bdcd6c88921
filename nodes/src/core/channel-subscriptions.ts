import type { ContactSnapshot } from './define-executor.ts';
import { eventCountKey, eventCountQuery, type EventCountNeed } from './event-counts.ts';
import type { Channel } from './vocabulary.ts';

/**
 * A channel on WeChat's one-time subscriptions (一次性订阅): each message spends one of the contact's
 * subscriptions to its template. Whatever delivers the channel reports each accepted subscription as a
 * `subscribed` event and each spent one as `used`, both with `properties.templateId`, so nodes count
 * what is left and wait for the next. The mini-program's subscribe messages are all of this kind; of the
 * Official Account's messages only the subscription notifications, whose title is `subscribe:<template id>`.
 */
export interface ChannelSubscription {
  subscribed: string;
  used: string;
  /** What begins the title of a message that spends a subscription, before WeChat's template id. */
  templatePrefix: string;
}

/** The built-in channels of the subscription model. */
export const CHANNEL_SUBSCRIPTIONS: Readonly<Partial<Record<Channel, ChannelSubscription>>> = {
  mini_program: { subscribed: 'mini_program.subscribed', used: 'mini_program.subscription_used', templatePrefix: '' },
  official_account: { subscribed: 'official_account.subscribed', used: 'official_account.subscription_used', templatePrefix: 'subscribe:' },
};

/**
 * How far back subscriptions are counted: WeChat keeps a one-time subscription until it is used, so a
 * year of them (the delivering channel's ledger has the last word; the counts tell a node whether to wait).
 */
const COUNTED_DAYS = 365;

/**
 * The template a message on `channel` titled `title` spends a subscription of (WeChat's id, the prefix
 * taken off); undefined when the message spends none.
 *
 * @example subscriptionTemplate('official_account', 'subscribe:bDmy') // 'bDmy'
 * @example subscriptionTemplate('official_account', 'TPL_1') // undefined (a template message)
 */
export function subscriptionTemplate(channel: string, title: string): string | undefined {
  const subscription = CHANNEL_SUBSCRIPTIONS[channel as Channel];
  const id = title.trim();
  if (!subscription || !id.startsWith(subscription.templatePrefix)) return undefined;
  return id.slice(subscription.templatePrefix.length).trim();
}

/** The event counts that tell how many subscriptions a message on `channel` titled `title` has left; undefined when it spends none. */
export function subscriptionNeeds(channel: string, title: string): { subscribed: EventCountNeed; used: EventCountNeed; template: string } | undefined {
  const subscription = CHANNEL_SUBSCRIPTIONS[channel as Channel];
  const template = subscriptionTemplate(channel, title);
  if (!subscription || template === undefined) return undefined;
  const need = (event: string): EventCountNeed => ({ event, properties: { templateId: template }, within: { days: COUNTED_DAYS } });
  return { subscribed: need(subscription.subscribed), used: need(subscription.used), template };
}

/** The subscriptions the contact has left, by the counts the runtime loaded for `needs` (accepted minus used). */
export function subscriptionsLeft(contact: ContactSnapshot, needs: { subscribed: EventCountNeed; used: EventCountNeed }, now: number, enteredAt: number): number {
  const count = (need: EventCountNeed) => contact.eventCounts?.[eventCountKey(eventCountQuery(need, now, enteredAt))] ?? 0;
  return count(needs.subscribed) - count(needs.used);
}
