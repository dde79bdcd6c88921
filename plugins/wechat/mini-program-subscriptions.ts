import { PermanentDeliveryError, type PluginEvent, type PluginServices } from '@journey/sdk';
import { withRecordLock } from './record-lock.ts';

/**
 * The events of a contact's subscriptions to the mini-program's subscribe messages (订阅消息). Each
 * accepted subscription is one `subscribed`, each send that uses one (or a subscription WeChat says is
 * gone) one `subscription_used`, both with `properties.templateId`: a node counts what is left from them
 * and waits for the next `subscribed`.
 */
export const MINI_EVENTS = {
  subscribed: 'mini_program.subscribed',
  subscriptionUsed: 'mini_program.subscription_used',
} as const;

/** What the ledger holds for one contact and template: the subscriptions left (one subscription is one send). */
export interface SubscriptionRecord extends Record<string, unknown> {
  left: number;
  openid: string;
  updatedAt: number;
}

/** A subscription a message reserved, kept until the send's outcome is known (a retry uses the same one). */
interface ReservedRecord extends Record<string, unknown> {
  contactId: string;
  templateId: string;
}

const LOCK_MS = 5_000;
/** How long a reservation (and a seen report id) is remembered: longer than any delivery's retries. */
const REMEMBER_MS = 7 * 86_400_000;

const ledgerKey = (contactId: string, templateId: string) => `${contactId}|${templateId}`;
const withLedgerLock = <T>(services: PluginServices, contactId: string, templateId: string, work: () => Promise<T>) =>
  withRecordLock(services, 'subscription_lock', ledgerKey(contactId, templateId), LOCK_MS, work);

/**
 * The subscriptions a contact has left for a template.
 *
 * @example await subscriptionsLeft(services, 'wang', 'bDmy…') // 0 before any is accepted
 */
export async function subscriptionsLeft(services: PluginServices, contactId: string, templateId: string): Promise<number> {
  return (await services.records.get<SubscriptionRecord>('subscription', ledgerKey(contactId, templateId)))?.value.left ?? 0;
}

/** A subscription report: who accepted which templates, when, and the reporter's id for it (a retried report is counted once). */
export interface AcceptedSubscriptions {
  contactId: string;
  openid: string;
  templateIds: readonly string[];
  at: number;
  /** Unique per report (WeChat's push: FromUserName + CreateTime); a report seen before adds nothing. */
  reportId: string;
}

/**
 * Adds one subscription per accepted template to the contact's ledger and ingests a `mini_program.subscribed`
 * event for each (`properties.templateId`; the contact's `wechatMiniOpenId` as a trait). Answers how many
 * were added: none for a report seen before.
 *
 * @example
 * ```ts
 * await addSubscriptions(services, { contactId: 'wang', openid: 'o7esq5…', templateIds: ['bDmy…'], at: services.now(), reportId: 'push:o7esq5…:1620973045' }); // 1
 * ```
 */
export async function addSubscriptions(services: PluginServices, report: AcceptedSubscriptions): Promise<number> {
  if (!(await services.records.insert('subscription_report', report.reportId, { at: report.at }, { expiresAt: services.now() + REMEMBER_MS }))) return 0;
  const templateIds = [...new Set(report.templateIds)];
  for (const templateId of templateIds) {
    await withLedgerLock(services, report.contactId, templateId, async () => {
      const left = await subscriptionsLeft(services, report.contactId, templateId);
      await services.records.put('subscription', ledgerKey(report.contactId, templateId), { left: left + 1, openid: report.openid, updatedAt: services.now() } satisfies SubscriptionRecord);
    });
  }
  const events: PluginEvent[] = templateIds.map((templateId) => ({
    contactId: report.contactId,
    type: MINI_EVENTS.subscribed,
    properties: { templateId },
    timestamp: report.at,
    messageId: `wechat:mini:subscribed:${report.reportId}:${templateId}`,
    ...(report.openid === '' ? {} : { traits: { wechatMiniOpenId: report.openid } }),
  }));
  if (events.length > 0) await services.ingestEvents(events);
  return templateIds.length;
}

const usedEvent = (contactId: string, templateId: string, messageId: string, at: number): PluginEvent => ({
  contactId,
  type: MINI_EVENTS.subscriptionUsed,
  properties: { templateId },
  timestamp: at,
  messageId,
});

/** Sets the contact's ledger for the template to 0 (held under its lock): a `subscription_used` event for each it still counted. */
async function emptyLedger(services: PluginServices, contactId: string, templateId: string, idPrefix: string): Promise<PluginEvent[]> {
  const key = ledgerKey(contactId, templateId);
  const record = (await services.records.get<SubscriptionRecord>('subscription', key))?.value;
  if (!record || record.left <= 0) return [];
  await services.records.put('subscription', key, { ...record, left: 0, updatedAt: services.now() } satisfies SubscriptionRecord);
  return Array.from({ length: record.left }, (_, i) => usedEvent(contactId, templateId, `${idPrefix}:${i + 1}`, services.now()));
}

/**
 * Empties the contact's subscriptions to each template (the user turned its messages off in the
 * mini-program's settings: WeChat would answer 43101), counting them as used. Answers how many were dropped.
 *
 * @example await dropSubscriptions(services, 'wang', ['bDmy…'], 'change:o7esq5…:1620973045') // 1
 */
export async function dropSubscriptions(services: PluginServices, contactId: string, templateIds: readonly string[], reportId: string): Promise<number> {
  const events: PluginEvent[] = [];
  for (const templateId of new Set(templateIds)) {
    events.push(...(await withLedgerLock(services, contactId, templateId, () => emptyLedger(services, contactId, templateId, `wechat:mini:dropped:${reportId}:${templateId}`))));
  }
  if (events.length > 0) await services.ingestEvents(events);
  return events.length;
}

/**
 * Sends `message` on one of the contact's subscriptions to `templateId`, atomically: the subscription is
 * reserved first (a retry of the same message uses the one it reserved), `send` is called only with one
 * reserved, and then the ledger follows WeChat's answer — used on success (a `subscription_used` event),
 * all gone on 43101 (WeChat has none left: the ledger is set to 0, one `subscription_used` per
 * subscription it still counted), given back on any other refusal for good (WeChat did not use it). Throws
 * `PermanentDeliveryError` without calling `send` when the contact has none left.
 *
 * @example
 * ```ts
 * await sendOnSubscription(services, { contactId, templateId, messageId: message.id }, () => api.post(path, request, signal), ledgerOutcome);
 * ```
 */
export async function sendOnSubscription<T>(
  services: PluginServices,
  subscription: { contactId: string; templateId: string; messageId: string },
  send: () => Promise<T>,
  outcome: (err: unknown) => 'none_left' | 'refused' | 'retry',
): Promise<T> {
  const { contactId, templateId, messageId } = subscription;
  const key = ledgerKey(contactId, templateId);
  await withLedgerLock(services, contactId, templateId, async () => {
    if (await services.records.get<ReservedRecord>('subscription_reserved', messageId)) return;
    const record = (await services.records.get<SubscriptionRecord>('subscription', key))?.value;
    if (!record || record.left <= 0) {
      throw new PermanentDeliveryError(`Not sent: contact ${contactId} has no subscription left for the mini-program template ${templateId} (each subscription the user accepts allows one message)`);
    }
    await services.records.put('subscription', key, { ...record, left: record.left - 1, updatedAt: services.now() } satisfies SubscriptionRecord);
    await services.records.put('subscription_reserved', messageId, { contactId, templateId } satisfies ReservedRecord, { expiresAt: services.now() + REMEMBER_MS });
  });
  let answer: T;
  try {
    answer = await send();
  } catch (err) {
    const kind = outcome(err);
    if (kind === 'retry') throw err;
    const events = await withLedgerLock(services, contactId, templateId, async () => {
      await services.records.delete('subscription_reserved', messageId);
      const record = (await services.records.get<SubscriptionRecord>('subscription', key))?.value;
      if (kind === 'refused') {
        if (record) await services.records.put('subscription', key, { ...record, left: record.left + 1, updatedAt: services.now() } satisfies SubscriptionRecord);
        return [];
      }
      return [usedEvent(contactId, templateId, `wechat:mini:used:${messageId}:0`, services.now()), ...(await emptyLedger(services, contactId, templateId, `wechat:mini:used:${messageId}`))];
    });
    if (events.length > 0) await services.ingestEvents(events);
    throw err;
  }
  await services.records.delete('subscription_reserved', messageId);
  await services.ingestEvents([usedEvent(contactId, templateId, `wechat:mini:used:${messageId}:0`, services.now())]);
  return answer;
}
