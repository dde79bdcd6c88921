import type { PluginRoute, PluginServices } from '@journey/sdk';
import { callbackQuery, CallbackRefused, checkFresh, checkPlainSignature, openCallback, parseXmlMessage } from './callback-crypto.ts';
import { readMiniProgramConfig, type MiniProgramConfig } from './mini-program-config.ts';
import { processSubscriptionPush, subscriptionReportRoute } from './subscription-callbacks.ts';
import { MINI_PROGRAM_SUBSCRIPTIONS } from './subscriptions.ts';

const text = (body: string, status = 200) => new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
const notConfigured = () => Response.json({ error: { code: 'not_configured', message: 'The mini-program is not configured on this server (WECHAT_MINI_*)' } }, { status: 404 });

/** The mini-program's configuration, when it is configured and well. */
function configOf(services: PluginServices): MiniProgramConfig | undefined {
  const config = readMiniProgramConfig(services.env);
  return config === undefined || 'problems' in config ? undefined : config;
}

/** What opens the mini-program's pushes. */
const pushKeys = (config: MiniProgramConfig) => ({
  token: config.token,
  encodingAesKey: config.encodingAesKey,
  receiverId: config.appId,
  names: { encodingAesKey: 'WECHAT_MINI_ENCODING_AES_KEY', receiverId: 'WECHAT_MINI_APP_ID' },
});

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
    let push: Record<string, unknown>;
    try {
      push = openCallback(pushKeys(config), query, await request.text(), parseXmlMessage);
      checkFresh(query.timestamp, services.now());
    } catch (err) {
      if (err instanceof CallbackRefused) return text(err.message, 401);
      throw err;
    }
    await services.records.put('status', 'mini_last_callback', { at: services.now() });
    await processSubscriptionPush(services, MINI_PROGRAM_SUBSCRIPTIONS, push);
    return text('success');
  },
};

/**
 * `POST /api/integrations/wechat/mini-program/subscriptions`: what the mini-program reports after
 * wx.requestSubscribeMessage (through the brand's backend, with an ingest API key): `{ openid | contactId,
 * templateIds, id? }`, the openid the mini-program's (`subscriptionReportRoute`).
 */
const report = subscriptionReportRoute(
  MINI_PROGRAM_SUBSCRIPTIONS,
  '/mini-program/subscriptions',
  'Reports the subscribe messages a mini-program user accepted (one subscription each): { openid | contactId, templateIds, id? }',
  (services) => (configOf(services) ? undefined : notConfigured()),
);

export const miniProgramRoutes: readonly PluginRoute[] = [verifyUrl, receive, report];
