/**
 * How subscriptions come in, the same for the mini-program and the Official Account: WeChat's push when
 * a user answers the subscription dialog (`subscribe_msg_popup_event`) or turns a template off in the
 * settings (`subscribe_msg_change_event`), and a report route for the brand's own code (an ingest key).
 */
import { randomUUID } from 'node:crypto';
import { z, type PluginRoute, type PluginServices } from '@journey/sdk';
import { addSubscriptions, dropSubscriptions, type SubscriptionApp } from './subscriptions.ts';

/** One template of a subscription push: `accept` or `reject`. */
interface SubscribeChoice {
  TemplateId?: string;
  SubscribeStatusString?: string;
}

/** The parts of a push (parsed with `parseXmlMessage`) that concern subscriptions. */
interface SubscriptionPush {
  FromUserName?: unknown;
  CreateTime?: unknown;
  MsgType?: unknown;
  Event?: unknown;
  SubscribeMsgPopupEvent?: { List?: SubscribeChoice[] };
  SubscribeMsgChangeEvent?: { List?: SubscribeChoice[] };
}

const templatesWith = (list: readonly SubscribeChoice[] | undefined, status: string) =>
  (list ?? []).filter((item) => item.SubscribeStatusString === status).flatMap((item) => (item.TemplateId ? [item.TemplateId] : []));

/** The contact of an openid of the app: the one with that identity, else a new contact whose id is the openid. */
const contactOf = async (services: PluginServices, app: SubscriptionApp, openid: string) => (await services.contactByIdentity(app.identity, openid)) ?? openid;

/**
 * What a push means for the app's subscriptions. `subscribe_msg_popup_event` adds one subscription per
 * template the user accepted; a retried push (same FromUserName and CreateTime) adds none.
 * `subscribe_msg_change_event` with a template `reject`ed empties the contact's subscriptions to it.
 * Answers whether the push was one of these (else it is not about subscriptions).
 *
 * @example await processSubscriptionPush(services, OFFICIAL_ACCOUNT_SUBSCRIPTIONS, parseXmlMessage(xml)) // true
 */
export async function processSubscriptionPush(services: PluginServices, app: SubscriptionApp, message: Record<string, unknown>): Promise<boolean> {
  const push = message as SubscriptionPush;
  const openid = typeof push.FromUserName === 'string' ? push.FromUserName : '';
  if (push.MsgType !== 'event' || openid === '') return false;
  const createTime = typeof push.CreateTime === 'string' ? push.CreateTime : undefined;
  const at = createTime ? Number(createTime) * 1000 : services.now();
  const pushId = `${openid}:${createTime ?? at}`;
  if (push.Event === 'subscribe_msg_popup_event') {
    const templateIds = templatesWith(push.SubscribeMsgPopupEvent?.List, 'accept');
    if (templateIds.length > 0) await addSubscriptions(services, app, { contactId: await contactOf(services, app, openid), openid, templateIds, at, reportId: `push:${pushId}` });
    return true;
  }
  if (push.Event === 'subscribe_msg_change_event') {
    const templateIds = templatesWith(push.SubscribeMsgChangeEvent?.List, 'reject');
    if (templateIds.length > 0) await dropSubscriptions(services, app, await contactOf(services, app, openid), templateIds, `change:${pushId}`);
    return true;
  }
  return false;
}

const reportSchema = z
  .strictObject({
    openid: z.string().trim().min(1).max(128).optional(),
    contactId: z.string().trim().min(1).max(200).optional(),
    templateIds: z.array(z.string().trim().min(1).max(128)).min(1).max(20),
    id: z.string().trim().min(1).max(200).optional(),
  })
  .refine((report) => report.openid !== undefined || report.contactId !== undefined, { message: 'Give the openid or the contactId of who subscribed', path: ['openid'] });

/**
 * `POST <path>` (access `ingest`): the brand's report of the templates a user accepted (one subscription
 * each) — who (`openid` of the app, or `contactId`) accepted which `templateIds`. With `id`, a repeated
 * report adds nothing. Answers the contact and how many subscriptions were added; 404 while the app is
 * not configured (`notConfigured` answers then).
 */
export function subscriptionReportRoute(app: SubscriptionApp, path: string, summary: string, notConfigured: (services: PluginServices) => Response | undefined): PluginRoute {
  return {
    method: 'POST',
    path,
    access: 'ingest',
    summary,
    handle: async (request, { services }) => {
      const refusal = notConfigured(services);
      if (refusal) return refusal;
      const parsed = reportSchema.safeParse(await request.json().catch(() => undefined));
      if (!parsed.success) {
        const details = parsed.error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
        return Response.json({ error: { code: 'invalid_request', message: `The report is invalid: ${details.map((d) => `${d.path.join('.') || 'body'} ${d.message}`).join('; ')}`, details } }, { status: 400 });
      }
      const { openid, contactId: given, templateIds, id } = parsed.data;
      const known = openid === undefined ? undefined : await services.contactByIdentity(app.identity, openid);
      const contactId = known ?? given ?? openid!;
      const appOpenId = openid ?? (await services.contactIdentities(contactId))[app.identity] ?? '';
      const added = await addSubscriptions(services, app, { contactId, openid: appOpenId, templateIds, at: services.now(), reportId: id === undefined ? `report:${randomUUID()}` : `report:${id}` });
      return Response.json({ contactId, added });
    },
  };
}
