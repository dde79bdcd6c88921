import { randomUUID } from 'node:crypto';
import { z, type PluginRoute, type PluginServices } from '@journey/sdk';
import { XMLParser } from 'fast-xml-parser';
import { callbackQuery, CallbackRefused, checkFresh, checkPlainSignature, openCallback } from './callback-crypto.ts';
import { readMiniProgramConfig, type MiniProgramConfig } from './mini-program-config.ts';
import { addSubscriptions, dropSubscriptions } from './mini-program-subscriptions.ts';

const text = (body: string, status = 200) => new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
const notConfigured = () => Response.json({ error: { code: 'not_configured', message: 'The mini-program is not configured on this server (WECHAT_MINI_*)' } }, { status: 404 });

/** The mini-program's configuration, when it is configured and well. */
function configOf(services: PluginServices): MiniProgramConfig | undefined {
  const config = readMiniProgramConfig(services.env);
  return config === undefined || 'problems' in config ? undefined : config;
}

const xml = new XMLParser({ parseTagValue: false, processEntities: true, ignoreDeclaration: true, trimValues: true, isArray: (name) => name === 'List' });

/** One template of a subscription push: `accept` or `reject`. */
interface SubscribeChoice {
  TemplateId?: string;
  SubscribeStatusString?: string;
}

const templatesWith = (list: readonly SubscribeChoice[] | undefined, status: string) =>
  (list ?? []).filter((item) => item.SubscribeStatusString === status).flatMap((item) => (item.TemplateId ? [item.TemplateId] : []));

/** A message push of the mini-program (消息推送, XML), nested elements included. */
interface PushMessage {
  ToUserName?: string;
  FromUserName?: string;
  CreateTime?: string;
  MsgType?: string;
  Event?: string;
  Encrypt?: string;
  SubscribeMsgPopupEvent?: { List?: SubscribeChoice[] };
  SubscribeMsgChangeEvent?: { List?: SubscribeChoice[] };
}

function parsePush(body: string): PushMessage {
  let parsed: { xml?: unknown };
  try {
    parsed = xml.parse(body) as { xml?: unknown };
  } catch {
    throw new CallbackRefused('The body is not XML');
  }
  if (typeof parsed.xml !== 'object' || parsed.xml === null) throw new CallbackRefused('The body is not a WeChat XML message (<xml>…</xml>)');
  return parsed.xml as PushMessage;
}

/** What opens the mini-program's pushes. */
const pushKeys = (config: MiniProgramConfig) => ({
  token: config.token,
  encodingAesKey: config.encodingAesKey,
  receiverId: config.appId,
  names: { encodingAesKey: 'WECHAT_MINI_ENCODING_AES_KEY', receiverId: 'WECHAT_MINI_APP_ID' },
});

/** The contact of a mini-program openid: the one with that `wechatMiniOpenId`, else a new contact whose id is the openid. */
const contactOf = async (services: PluginServices, openid: string) => (await services.contactByIdentity('wechatMiniOpenId', openid)) ?? openid;

/** `GET /api/integrations/wechat/mini-program/callback`: WeChat's check of the message push URL; answers the echostr when the signature matches. */
const verifyUrl: PluginRoute = {
  method: 'GET',
  path: '/mini-program/callback',
  access: 'public',
  summary: "The mini-program's message push URL verification: answers the echostr when the signature matches",
  handle: async (request, { services }) => {
    const config = configOf(services);
    if (!config) return notConfigured();
    const query = callbackQuery(request);
    try {
      checkPlainSignature(config.token, query);
    } catch (err) {
      if (err instanceof CallbackRefused) return text(err.message, 401);
      throw err;
    }
    await services.records.put('status', 'mini_callback_verified', { at: services.now() });
    return text(query.echostr);
  },
};

/**
 * `POST /api/integrations/wechat/mini-program/callback`: the mini-program's message push (XML, plaintext
 * or safe mode). `subscribe_msg_popup_event` — the user answered wx.requestSubscribeMessage — adds one
 * subscription per template they accepted; a retried push (same FromUserName and CreateTime) adds none.
 * `subscribe_msg_change_event` with a template `reject`ed — the user turned it off in the mini-program's
 * settings — empties the contact's subscriptions to it.
 * A bad signature or a timestamp more than an hour away answers 401 and changes nothing.
 */
const receive: PluginRoute = {
  method: 'POST',
  path: '/mini-program/callback',
  access: 'public',
  summary: "The mini-program's message push: subscribe_msg_popup_event adds the subscriptions the user accepted, checked by signature",
  handle: async (request, { services }) => {
    const config = configOf(services);
    if (!config) return notConfigured();
    const query = callbackQuery(request);
    let push: PushMessage;
    try {
      push = openCallback(pushKeys(config), query, await request.text(), parsePush);
      checkFresh(query.timestamp, services.now());
    } catch (err) {
      if (err instanceof CallbackRefused) return text(err.message, 401);
      throw err;
    }
    await services.records.put('status', 'mini_last_callback', { at: services.now() });
    const openid = push.FromUserName;
    if (push.MsgType !== 'event' || !openid) return text('success');
    const at = push.CreateTime ? Number(push.CreateTime) * 1000 : services.now();
    const pushId = `${openid}:${push.CreateTime ?? at}`;
    if (push.Event === 'subscribe_msg_popup_event') {
      const templateIds = templatesWith(push.SubscribeMsgPopupEvent?.List, 'accept');
      if (templateIds.length > 0) await addSubscriptions(services, { contactId: await contactOf(services, openid), openid, templateIds, at, reportId: `push:${pushId}` });
    } else if (push.Event === 'subscribe_msg_change_event') {
      const templateIds = templatesWith(push.SubscribeMsgChangeEvent?.List, 'reject');
      if (templateIds.length > 0) await dropSubscriptions(services, await contactOf(services, openid), templateIds, `change:${pushId}`);
    }
    return text('success');
  },
};

const reportSchema = z
  .strictObject({
    openid: z.string().trim().min(1).max(128).optional(),
    contactId: z.string().trim().min(1).max(200).optional(),
    templateIds: z.array(z.string().trim().min(1).max(128)).min(1).max(20),
    id: z.string().trim().min(1).max(200).optional(),
  })
  .refine((report) => report.openid !== undefined || report.contactId !== undefined, { message: 'Give the openid or the contactId of who subscribed', path: ['openid'] });

/**
 * `POST /api/integrations/wechat/mini-program/subscriptions`: what the mini-program reports after
 * wx.requestSubscribeMessage (through the brand's backend, with an ingest API key): who (`openid`, or
 * `contactId`) accepted which `templateIds`. With `id`, a repeated report adds nothing. Answers the
 * contact and how many subscriptions were added.
 */
const report: PluginRoute = {
  method: 'POST',
  path: '/mini-program/subscriptions',
  access: 'ingest',
  summary: 'Reports the subscribe messages a mini-program user accepted (one subscription each): { openid | contactId, templateIds, id? }',
  handle: async (request, { services }) => {
    if (!configOf(services)) return notConfigured();
    const parsed = reportSchema.safeParse(await request.json().catch(() => undefined));
    if (!parsed.success) {
      const details = parsed.error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
      return Response.json({ error: { code: 'invalid_request', message: `The report is invalid: ${details.map((d) => `${d.path.join('.') || 'body'} ${d.message}`).join('; ')}`, details } }, { status: 400 });
    }
    const { openid, contactId: given, templateIds, id } = parsed.data;
    const known = openid === undefined ? undefined : await services.contactByIdentity('wechatMiniOpenId', openid);
    const contactId = known ?? given ?? openid!;
    const miniOpenId = openid ?? (await services.contactIdentities(contactId)).wechatMiniOpenId ?? '';
    const added = await addSubscriptions(services, { contactId, openid: miniOpenId, templateIds, at: services.now(), reportId: id === undefined ? `report:${randomUUID()}` : `report:${id}` });
    return Response.json({ contactId, added });
  },
};

export const miniProgramRoutes: readonly PluginRoute[] = [verifyUrl, receive, report];
