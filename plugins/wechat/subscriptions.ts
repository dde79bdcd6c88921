import { CHANNEL_SUBSCRIPTIONS, PermanentDeliveryError, type PluginEvent, type PluginServices } from '@journey/sdk';
import { withRecordLock } from './record-lock.ts';

/**
 * A WeChat app whose users accept one-time subscriptions (一次性订阅): the mini-program's subscribe
 * messages (订阅消息) and the Official Account's subscription notifications (订阅通知). Each app has its
 * own ledger, events and openid: a template id of one is never counted for the other.
 */
export interface SubscriptionApp {
  /** The channel that sends on the app's subscriptions; it also keys the app's ledger. */
  channel: 'mini_program' | 'official_account';
  /** How errors name the app. */
  title: string;
  /**
   * Each accepted subscription is one `subscribed`, each send that uses one (or a subscription WeChat says
   * is gone) one `subscriptionUsed`, both with `properties.templateId`: a node counts what is left from
   * them and waits for the next `subscribed`.
   */
  events: { subscribed: string; subscriptionUsed: string };
  /** The contact identity holding the user's openid in this app. */
  identity: 'wechatMiniOpenId' | 'wechatOpenId';
  /** What begins the ids of the app's events. */
  eventIdPrefix: string;
  /**
   * What begins a template's id in the app's channel before WeChat's id (the Official Account's channel
   * names subscription templates `subscribe:<id>`, apart from its template messages); the ledger and the
   * events hold WeChat's id alone.
   */
  templatePrefix: string;
}

/** The mini-program's subscribe messages (`subscribeMessage.send`). */
export const MINI_PROGRAM_SUBSCRIPTIONS: SubscriptionApp = {
  channel: 'mini_program',
  title: 'mini-program',
  events: { subscribed: CHANNEL_SUBSCRIPTIONS.mini_program!.subscribed, subscriptionUsed: CHANNEL_SUBSCRIPTIONS.mini_program!.used },
  identity: 'wechatMiniOpenId',
  eventIdPrefix: 'wechat:mini',
  templatePrefix: CHANNEL_SUBSCRIPTIONS.mini_program!.templatePrefix,
};

/** The Official Account's subscription notifications (`message/subscribe/bizsend`). */
export const OFFICIAL_ACCOUNT_SUBSCRIPTIONS: SubscriptionApp = {
  channel: 'official_account',
  title: 'Official Account',
  events: { subscribed: CHANNEL_SUBSCRIPTIONS.official_account!.subscribed, subscriptionUsed: CHANNEL_SUBSCRIPTIONS.official_account!.used },
  identity: 'wechatOpenId',
  eventIdPrefix: 'wechat:oa',
  templatePrefix: CHANNEL_SUBSCRIPTIONS.official_account!.templatePrefix,
};

/** The mini-program's subscription events. */
export const MINI_EVENTS = MINI_PROGRAM_SUBSCRIPTIONS.events;

/** The subscription app of a channel. */
export const subscriptionApp = (channel: SubscriptionApp['channel']): SubscriptionApp => (channel === 'mini_program' ? MINI_PROGRAM_SUBSCRIPTIONS : OFFICIAL_ACCOUNT_SUBSCRIPTIONS);

/**
 * WeChat's id of a template the app's channel names (its `templatePrefix` taken off).
 *
 * @example wechatTemplateId(OFFICIAL_ACCOUNT_SUBSCRIPTIONS, 'subscribe:bDmy…') // 'bDmy…'
 */
export const wechatTemplateId = (app: SubscriptionApp, template: string) => {
  const id = template.trim();
  return id.startsWith(app.templatePrefix) ? id.slice(app.templatePrefix.length).trim() : id;
};

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

const ledgerKey = (app: SubscriptionApp, contactId: string, templateId: string) => `${app.channel}|${contactId}|${templateId}`;
const withLedgerLock = <T>(services: PluginServices, app: SubscriptionApp, contactId: string, templateId: string, work: () => Promise<T>) =>
  withRecordLock(services, 'subscription_lock', ledgerKey(app, contactId, templateId), LOCK_MS, work);

/**
 * The subscriptions a contact has left for a template of the app.
 *
 * @example await subscriptionsLeft(services, MINI_PROGRAM_SUBSCRIPTIONS, 'wang', 'bDmy…') // 0 before any is accepted
 */
export async function subscriptionsLeft(services: PluginServices, app: SubscriptionApp, contactId: string, templateId: string): Promise<number> {
  return (await services.records.get<SubscriptionRecord>('subscription', ledgerKey(app, contactId, templateId)))?.value.left ?? 0;
}

/** How many contact-and-template pairs of the app have a subscription left (for the integrations page). */
export async function subscribedPairs(services: PluginServices, app: SubscriptionApp): Promise<number> {
  const records = await services.records.list<SubscriptionRecord>('subscription');
  return records.filter((r) => r.key.startsWith(`${app.channel}|`) && r.value.left > 0).length;
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
 * Adds one subscription per accepted template to the contact's ledger of the app and ingests a
 * `subscribed` event for each (`properties.templateId`; the openid as the app's identity trait). Answers
 * how many were added: none for a report seen before.
 *
 * @example
 * ```ts
 * await addSubscriptions(services, MINI_PROGRAM_SUBSCRIPTIONS, { contactId: 'wang', openid: 'o7esq5…', templateIds: ['bDmy…'], at: services.now(), reportId: 'push:o7esq5…:1620973045' }); // 1
 * ```
 */
export async function addSubscriptions(services: PluginServices, app: SubscriptionApp, report: AcceptedSubscriptions): Promise<number> {
  if (!(await services.records.insert('subscription_report', `${app.channel}|${report.reportId}`, { at: report.at }, { expiresAt: services.now() + REMEMBER_MS }))) return 0;
  const templateIds = [...new Set(report.templateIds)];
  for (const templateId of templateIds) {
    await withLedgerLock(services, app, report.contactId, templateId, async () => {
      const left = await subscriptionsLeft(services, app, report.contactId, templateId);
      await services.records.put('subscription', ledgerKey(app, report.contactId, templateId), { left: left + 1, openid: report.openid, updatedAt: services.now() } satisfies SubscriptionRecord);
    });
  }
  const events: PluginEvent[] = templateIds.map((templateId) => ({
    contactId: report.contactId,
    type: app.events.subscribed,
    properties: { templateId },
    timestamp: report.at,
    messageId: `${app.eventIdPrefix}:subscribed:${report.reportId}:${templateId}`,
    ...(report.openid === '' ? {} : { traits: { [app.identity]: report.openid } }),
  }));
  if (events.length > 0) await services.ingestEvents(events);
  return templateIds.length;
}

const usedEvent = (app: SubscriptionApp, contactId: string, templateId: string, messageId: string, at: number): PluginEvent => ({
  contactId,
  type: app.events.subscriptionUsed,
  properties: { templateId },
  timestamp: at,
  messageId,
});

/** Sets the contact's ledger for the template to 0 (held under its lock): a `subscriptionUsed` event for each it still counted. */
async function emptyLedger(services: PluginServices, app: SubscriptionApp, contactId: string, templateId: string, idPrefix: string): Promise<PluginEvent[]> {
  const key = ledgerKey(app, contactId, templateId);
  const record = (await services.records.get<SubscriptionRecord>('subscription', key))?.value;
  if (!record || record.left <= 0) return [];
  await services.records.put('subscription', key, { ...record, left: 0, updatedAt: services.now() } satisfies SubscriptionRecord);
  return Array.from({ length: record.left }, (_, i) => usedEvent(app, contactId, templateId, `${idPrefix}:${i + 1}`, services.now()));
}

/**
 * Empties the contact's subscriptions to each template (the user turned its messages off in the app's
 * settings: WeChat would answer 43101), counting them as used. Answers how many were dropped.
 *
 * @example await dropSubscriptions(services, MINI_PROGRAM_SUBSCRIPTIONS, 'wang', ['bDmy…'], 'change:o7esq5…:1620973045') // 1
 */
export async function dropSubscriptions(services: PluginServices, app: SubscriptionApp, contactId: string, templateIds: readonly string[], reportId: string): Promise<number> {
  const events: PluginEvent[] = [];
  for (const templateId of new Set(templateIds)) {
    events.push(...(await withLedgerLock(services, app, contactId, templateId, () => emptyLedger(services, app, contactId, templateId, `${app.eventIdPrefix}:dropped:${reportId}:${templateId}`))));
  }
  if (events.length > 0) await services.ingestEvents(events);
  return events.length;
}

/**
 * Sends `message` on one of the contact's subscriptions to the app's `templateId`, atomically: the
 * subscription is reserved first (a retry of the same message uses the one it reserved), `send` is called
 * only with one reserved, and then the ledger follows WeChat's answer — used on success (a
 * `subscriptionUsed` event), all gone on 43101 (WeChat has none left: the ledger is set to 0, one
 * `subscriptionUsed` per subscription it still counted), given back on any other refusal for good (WeChat
 * did not use it). Throws `PermanentDeliveryError` without calling `send` when the contact has none left.
 *
 * @example
 * ```ts
 * await sendOnSubscription(services, MINI_PROGRAM_SUBSCRIPTIONS, { contactId, templateId, messageId: message.id }, () => api.post(path, request, signal), ledgerOutcome);
 * ```
 */
export async function sendOnSubscription<T>(
  services: PluginServices,
  app: SubscriptionApp,
  subscription: { contactId: string; templateId: string; messageId: string },
  send: () => Promise<T>,
  outcome: (err: unknown) => 'none_left' | 'refused' | 'retry',
): Promise<T> {
  const { contactId, templateId, messageId } = subscription;
  const key = ledgerKey(app, contactId, templateId);
  await withLedgerLock(services, app, contactId, templateId, async () => {
    if (await services.records.get<ReservedRecord>('subscription_reserved', messageId)) return;
    const record = (await services.records.get<SubscriptionRecord>('subscription', key))?.value;
    if (!record || record.left <= 0) {
      throw new PermanentDeliveryError(`Not sent: contact ${contactId} has no subscription left for the ${app.title} template ${templateId} (each subscription the user accepts allows one message)`);
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
    const events = await withLedgerLock(services, app, contactId, templateId, async () => {
      await services.records.delete('subscription_reserved', messageId);
      const record = (await services.records.get<SubscriptionRecord>('subscription', key))?.value;
      if (kind === 'refused') {
        if (record) await services.records.put('subscription', key, { ...record, left: record.left + 1, updatedAt: services.now() } satisfies SubscriptionRecord);
        return [];
      }
      return [usedEvent(app, contactId, templateId, `${app.eventIdPrefix}:used:${messageId}:0`, services.now()), ...(await emptyLedger(services, app, contactId, templateId, `${app.eventIdPrefix}:used:${messageId}`))];
    });
    if (events.length > 0) await services.ingestEvents(events);
    throw err;
  }
  await services.records.delete('subscription_reserved', messageId);
  await services.ingestEvents([usedEvent(app, contactId, templateId, `${app.eventIdPrefix}:used:${messageId}:0`, services.now())]);
  return answer;
}
