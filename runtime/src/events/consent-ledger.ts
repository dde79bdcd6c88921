import type { OptOut, Repositories, StoredEvent } from '@journey/db';
import { ALL_CHANNELS, CHANNELS, CONSENT_EVENTS } from '@journey/nodes';

/** Whether an event changes consent: `contact.unsubscribed` or `contact.subscribed`. */
export function isConsentEvent(event: Pick<StoredEvent, 'type'>): boolean {
  return event.type === CONSENT_EVENTS.unsubscribed || event.type === CONSENT_EVENTS.subscribed;
}

/**
 * Applies `contact.unsubscribed` / `contact.subscribed` events to contacts' opt-outs, in the order
 * received, inside the transaction that processes them. `properties.channel` names the channel; without
 * it the event is about every channel. An opt-out keeps the time the server received it and its
 * `properties.source` (`sms_reply`, `wecom`, …; `event` when none). Subscribing to one channel after
 * opting out of all leaves the contact opted out of every other built-in channel.
 *
 * @example
 * ```ts
 * await applyConsentEvents(tx, events.filter(isConsentEvent));
 * ```
 */
export async function applyConsentEvents(tx: Repositories, events: readonly StoredEvent[]): Promise<void> {
  if (events.length === 0) return;
  const standing = await tx.consent.optOuts(events.map((e) => e.contactId));
  const changed = new Set<string>();
  for (const event of events) {
    const channel = channelOf(event);
    if (channel === undefined) continue;
    const before = standing.get(event.contactId) ?? [];
    const after = event.type === CONSENT_EVENTS.unsubscribed ? optOut(before, channel, event) : optIn(before, channel);
    if (after === before) continue;
    standing.set(event.contactId, after);
    changed.add(event.contactId);
  }
  for (const contactId of changed) await tx.consent.replace(contactId, standing.get(contactId)!);
}

/** The channel an event is about (`ALL_CHANNELS` without one); undefined when `properties.channel` is not a name. */
function channelOf(event: StoredEvent): string | undefined {
  const channel = event.properties.channel;
  if (channel === undefined || channel === null) return ALL_CHANNELS;
  return typeof channel === 'string' && /^[a-z0-9_/]{1,60}$/.test(channel) ? channel : undefined;
}

function optOut(before: OptOut[], channel: string, event: StoredEvent): OptOut[] {
  // An opt-out already standing (or one from every channel) keeps its first time and source.
  if (before.some((o) => o.channel === channel || o.channel === ALL_CHANNELS)) return before;
  const source = typeof event.properties.source === 'string' && event.properties.source.trim() !== '' ? event.properties.source.trim().slice(0, 60) : 'event';
  const entry: OptOut = { channel, at: event.receivedAt, source, eventId: event.id };
  return channel === ALL_CHANNELS ? [entry] : [...before, entry];
}

function optIn(before: OptOut[], channel: string): OptOut[] {
  if (before.length === 0) return before;
  if (channel === ALL_CHANNELS) return [];
  const all = before.find((o) => o.channel === ALL_CHANNELS);
  if (!all) return before.some((o) => o.channel === channel) ? before.filter((o) => o.channel !== channel) : before;
  return CHANNELS.filter((c) => c !== channel).map((c) => ({ ...all, channel: c }));
}
