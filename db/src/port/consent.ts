/** A contact's standing opt-out from one channel (`*`: from every channel). */
export interface OptOut {
  channel: string;
  /** When it was received (the server's receive time of its event). */
  at: number;
  /** Where it came from: `sms_reply`, `wecom`, `api`, … */
  source: string;
  eventId: string | null;
}

/**
 * Contacts' consent per channel: the opt-outs that stand.
 *
 * @example
 * ```ts
 * await store.consent.replace('c1', [{ channel: 'sms', at: now, source: 'sms_reply', eventId: 'evt_1' }]);
 * (await store.consent.optOuts(['c1'])).get('c1'); // [{ channel: 'sms', … }]
 * ```
 */
export interface ConsentRepository {
  /** The standing opt-outs of these contacts (those with none are absent), each list by channel. */
  optOuts(contactIds: readonly string[]): Promise<Map<string, OptOut[]>>;
  /** Sets a contact's opt-outs to exactly these. */
  replace(contactId: string, optOuts: readonly OptOut[]): Promise<void>;
}
