import type { PluginEvent, PluginRoute, PluginServices } from '@journey/sdk';
import { CallbackRefused, checkFresh, checkPlainSignature, openSealed, parseXmlFields, type CallbackFields } from './callback-crypto.ts';
import { officialAccountConfig, type OfficialAccountConfig } from './config.ts';
import { OA_EVENTS, type WindowKind } from './events.ts';
import type { FollowerRecord } from './official-account.ts';
import { openWindow } from './service-window.ts';
import { settleByReport } from './template-receipts.ts';

const text = (body: string, status = 200) => new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

const refusedOr = (err: unknown) => {
  if (err instanceof CallbackRefused) return text(err.message, 401);
  throw err;
};

/** The query WeChat adds to the callback URL: `signature` always; `encrypt_type=aes` and `msg_signature` in safe mode. */
function queryOf(request: Request) {
  const params = new URL(request.url).searchParams;
  const get = (name: string) => params.get(name) ?? '';
  return { signature: get('signature'), timestamp: get('timestamp'), nonce: get('nonce'), echostr: get('echostr'), encryptType: get('encrypt_type'), msgSignature: get('msg_signature') };
}

/**
 * `GET /api/integrations/wechat/callback`: WeChat's check of the server configuration (服务器配置), in
 * every mode: the `signature` of token, timestamp and nonce must match; the answer is the `echostr`.
 */
const verifyUrl: PluginRoute = {
  method: 'GET',
  path: '/callback',
  access: 'public',
  summary: "The Official Account's server URL verification: answers the echostr when the signature matches",
  handle: async (request, { services }) => {
    const query = queryOf(request);
    try {
      checkPlainSignature(officialAccountConfig(services.env).token, query);
    } catch (err) {
      return refusedOr(err);
    }
    await services.records.put('status', 'callback_verified', { at: services.now() });
    return text(query.echostr);
  },
};

/** The message a POST callback carries: checked by `signature` in plaintext mode, opened by `msg_signature` in safe mode. */
function openMessage(config: OfficialAccountConfig, query: ReturnType<typeof queryOf>, body: string): CallbackFields {
  if (query.encryptType !== 'aes') {
    checkPlainSignature(config.token, query);
    return parseXmlFields(body);
  }
  if (config.encodingAesKey === undefined) throw new CallbackRefused('The callback is encrypted (safe mode) but WECHAT_OA_ENCODING_AES_KEY is not set');
  const envelope = parseXmlFields(body);
  const keys = { token: config.token, encodingAesKey: config.encodingAesKey, receiverId: config.appId, names: { encodingAesKey: 'WECHAT_OA_ENCODING_AES_KEY', receiverId: 'WECHAT_OA_APP_ID' } };
  return parseXmlFields(openSealed(keys, { signature: query.msgSignature, timestamp: query.timestamp, nonce: query.nonce, encrypted: envelope.Encrypt ?? '' }));
}

/**
 * `POST /api/integrations/wechat/callback`: a message or event of a follower, plaintext or encrypted
 * (safe mode). A bad signature, or a timestamp more than an hour away, answers 401 and changes nothing.
 * The events are stored before the answer (`success`); WeChat's retries of a callback carry the same
 * MsgId (messages) or FromUserName and CreateTime (events), so they are stored once.
 */
const receive: PluginRoute = {
  method: 'POST',
  path: '/callback',
  access: 'public',
  summary: "The Official Account's message and event callbacks (follow, unfollow, scan, menu click, messages), checked by signature",
  handle: async (request, { services }) => {
    const query = queryOf(request);
    let fields: CallbackFields;
    try {
      fields = openMessage(officialAccountConfig(services.env), query, await request.text());
      checkFresh(query.timestamp, services.now());
    } catch (err) {
      return refusedOr(err);
    }
    await services.records.put('status', 'last_callback', { at: services.now() });
    await processCallback(services, fields);
    return text('success');
  },
};

export const callbackRoutes: readonly PluginRoute[] = [verifyUrl, receive];

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
