import { openStore, type StoredEvent } from '@journey/db';
import { CHANNELS } from '@journey/nodes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyConsentEvents, isConsentEvent } from './consent-ledger.ts';

const NOW = Date.UTC(2026, 0, 1);

describe('consent ledger', () => {
  let store: Awaited<ReturnType<typeof openStore>>;
  let n = 0;
  const event = (type: string, properties: Record<string, unknown> = {}, contactId = 'c1'): StoredEvent => ({
    id: `evt_${String(++n).padStart(3, '0')}`,
    contactId,
    type,
    properties,
    timestamp: NOW,
    receivedAt: NOW + n,
  });
  const channels = async (contactId = 'c1') => ((await store.consent.optOuts([contactId])).get(contactId) ?? []).map((o) => o.channel);

  beforeEach(async () => {
    n = 0;
    store = await openStore(':memory:');
  });
  afterEach(() => store.close());

  it('records an opt-out per channel with its time and source, keeping the first, and ignores other events', async () => {
    expect(isConsentEvent({ type: 'contact.acquired' })).toBe(false);
    await applyConsentEvents(store, [
      event('contact.unsubscribed', { channel: 'sms', source: 'sms_reply' }),
      event('contact.unsubscribed', { channel: 'sms', source: 'api' }),
      event('contact.unsubscribed', { channel: 'email' }),
    ]);
    expect((await store.consent.optOuts(['c1'])).get('c1')).toEqual([
      { channel: 'email', at: NOW + 3, source: 'event', eventId: 'evt_003' },
      { channel: 'sms', at: NOW + 1, source: 'sms_reply', eventId: 'evt_001' },
    ]);
  });

  it('applies a batch in order: out of all, back into one channel leaves every other channel opted out', async () => {
    await applyConsentEvents(store, [event('contact.unsubscribed', { channel: 'sms' }), event('contact.unsubscribed')]);
    expect(await channels()).toEqual(['*']);
    await applyConsentEvents(store, [event('contact.subscribed', { channel: 'sms' })]);
    expect((await channels()).sort()).toEqual(CHANNELS.filter((c) => c !== 'sms').sort());
    await applyConsentEvents(store, [event('contact.subscribed')]);
    expect(await channels()).toEqual([]);
  });

  it('leaves consent alone for a channel that is not a name', async () => {
    await applyConsentEvents(store, [event('contact.unsubscribed', { channel: 42 }), event('contact.unsubscribed', { channel: 'SMS!' })]);
    expect(await channels()).toEqual([]);
  });
});
