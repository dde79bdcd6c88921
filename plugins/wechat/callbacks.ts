import type { PluginEvent, PluginRoute, PluginServices } from '@journey/sdk';
import { topLevelFields, type CallbackFields } from './callback-crypto.ts';
import { appCallbackKeys, partNotConfigured, wechatCallbackRoutes } from './callback-routes.ts';
import { readOfficialAccountConfig, type OfficialAccountConfig } from './config.ts';
import { OA_EVENTS, type WindowKind } from './events.ts';
import type { FollowerRecord } from './official-account.ts';
import { openWindow } from './service-window.ts';
import { processSubscriptionPush, subscriptionReportRoute } from './subscription-callbacks.ts';
import { OFFICIAL_ACCOUNT_SUBSCRIPTIONS } from './subscriptions.ts';
import { settleByReport } from './template-receipts.ts';

/** The Official Account's configuration, when it is configured and well. */
function accountConfig(services: PluginServices): OfficialAccountConfig | undefined {
  const config = readOfficialAccountConfig(services.env);
  return config === undefined || 'problems' in config ? undefined : config;
}

const notConfigured = () => partNotConfigured('Official Account', 'WECHAT_OA_*');

/**
 * `GET|POST /api/integrations/wechat/callback`, the server configuration's (服务器配置) URL: WeChat's check
 * of it, and a follower's messages and events, plaintext or encrypted (safe mode). WeChat's retries of a
 * callback carry the same MsgId (messages) or FromUserName and CreateTime (events), so they are stored
 * once. The subscription notifications' pushes (`subscribe_msg_popup_event`, `subscribe_msg_change_event`)
 * feed the ledger (`processSubscriptionPush`); the rest is `processCallback`'s.
 */
const [verifyUrl, receive] = wechatCallbackRoutes({
  path: '/callback',
  app: 'Official Account',
  brings: 'follow, unfollow, scan, menu click, messages, subscriptions',
  keys: (services) => {
    const config = accountConfig(services);
    return config && appCallbackKeys('WECHAT_OA', config);
  },
  notConfigured,
  status: { verified: 'callback_verified', last: 'last_callback' },
  process: async (services, message) => {
    if (!(await processSubscriptionPush(services, OFFICIAL_ACCOUNT_SUBSCRIPTIONS, message))) await processCallback(services, topLevelFields(message));
  },
});

/**
 * `POST /api/integrations/wechat/official-account/subscriptions`: the subscriptions a follower accepted on
 * the brand's web page (`wx-open-subscribe`, its `success` event), reported by the brand's backend with an
 * ingest API key: `{ openid | contactId, templateIds, id? }`, the openid the Official Account's.
 */
const report = subscriptionReportRoute(
  OFFICIAL_ACCOUNT_SUBSCRIPTIONS,
  '/official-account/subscriptions',
  'Reports the subscription notifications a follower accepted (one subscription each, e.g. wx-open-subscribe on a web page): { openid | contactId, templateIds, id? }',
  (services) => (accountConfig(services) ? undefined : notConfigured()),
);

export const callbackRoutes: readonly PluginRoute[] = [verifyUrl, receive, report];

/** Menu types whose click WeChat pushes as an event that opens the customer-service window (a `view` link does not). */
const WINDOW_MENUS = new Set(['CLICK', 'scancode_push', 'scancode_waitmsg']);

/** What a callback is to the product: its event, and the window it opens (if any). */
function meaningOf(fields: CallbackFields): { type: string; properties: Record<string, unknown>; opens?: WindowKind } | undefined {
  const key = fields.EventKey ?? '';
  if (fields.MsgType !== 'event') {
    if (!fields.MsgId) return undefined;
    const content = fields.MsgType === 'text' ? { content: fields.Content ?? '' } : {};
    return { type: OA_EVENTS.messageReceived, properties: { msgType: fields.MsgType ?? null, ...content }, opens: 'message' };
  }
  switch (fields.Event) {
    case 'subscribe': {
      // Following through a parameter QR code: EventKey is qrscene_<scene>, the source the code was made for.
      const source = key.startsWith('qrscene_') ? key.slice('qrscene_'.length) : '';
      return { type: OA_EVENTS.followed, properties: { ...(source ? { source } : {}), ...(fields.Ticket ? { ticket: fields.Ticket } : {}) }, opens: 'event' };
    }
    case 'unsubscribe':
      return { type: OA_EVENTS.unfollowed, properties: {} };
    case 'SCAN':
      return { type: OA_EVENTS.scanned, properties: { ...(key ? { source: key } : {}), ...(fields.Ticket ? { ticket: fields.Ticket } : {}) }, opens: 'event' };
    case 'VIEW':
      return { type: OA_EVENTS.menuClicked, properties: { menuType: 'view', url: key } };
    default:
      if (fields.Event && WINDOW_MENUS.has(fields.Event)) {
        return { type: OA_EVENTS.menuClicked, properties: { menuType: fields.Event.toLowerCase(), key }, opens: 'event' };
      }
      return undefined;
  }
}

/**
 * What one callback means for the product. The follower is the contact with that `wechatOpenId`, or a new
 * contact whose id is the openid; every event carries the identity as a trait.
 * - `subscribe` → `official_account.followed` (`properties.source` = the scene of the parameter QR code,
 *   `qrscene_<source>`), `unsubscribe` → `official_account.unfollowed`, `SCAN` (a follower scanning a
 *   parameter QR code) → `official_account.scanned`, a menu click (`CLICK`, `VIEW`, `scancode_*`) →
 *   `official_account.menu_clicked` (`key`, or `url` of a link), a message → `official_account.message_received`.
 * - Each interaction that opens the customer-service window also emits `official_account.interacted`
 *   (`window`: `message` or `event`, `via`: the event) and renews the follower's quota in the records.
 * - `TEMPLATESENDJOBFINISH` (how a template message went) settles its message (`settleByReport`).
 * Other callbacks (location reports…) are answered and dropped.
 */
export async function processCallback(services: PluginServices, fields: CallbackFields): Promise<void> {
  if (fields.MsgType === 'event' && fields.Event === 'TEMPLATESENDJOBFINISH') {
    if (fields.MsgID) await settleByReport(services, fields.MsgID, fields.Status ?? '');
    return;
  }
  const openid = fields.FromUserName;
  const meaning = meaningOf(fields);
  if (!openid || !meaning) return;
  const at = fields.CreateTime ? Number(fields.CreateTime) * 1000 : services.now();
  const id = fields.MsgId ? `wechat:oa:msg:${fields.MsgId}` : `wechat:oa:${openid}:${fields.CreateTime ?? at}:${fields.Event ?? ''}`;
  const contactId = (await services.contactByIdentity('wechatOpenId', openid)) ?? openid;
  if (meaning.type === OA_EVENTS.followed || meaning.type === OA_EVENTS.unfollowed) {
    await services.records.put('follower', openid, { following: meaning.type === OA_EVENTS.followed, at } satisfies FollowerRecord);
  }
  if (meaning.type === OA_EVENTS.unfollowed) await services.records.delete('window', openid);
  if (meaning.opens) await openWindow(services, openid, meaning.opens, at);
  const event = (type: string, properties: Record<string, unknown>, messageId: string): PluginEvent => ({
    contactId,
    type,
    properties,
    timestamp: at,
    messageId,
    traits: { wechatOpenId: openid },
  });
  await services.ingestEvents([
    event(meaning.type, meaning.properties, id),
    ...(meaning.opens ? [event(OA_EVENTS.interacted, { window: meaning.opens, via: meaning.type }, `${id}:interacted`)] : []),
  ]);
}
