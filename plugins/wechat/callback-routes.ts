import type { PluginRoute, PluginServices } from '@journey/sdk';
import { callbackQuery, CallbackRefused, checkFresh, checkPlainSignature, openCallback, parseXmlMessage, type CallbackKeys } from './callback-crypto.ts';

const text = (body: string, status = 200) => new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

/** The answer to a route of a part of the plugin (the Official Account, the mini-program) this server has not configured. */
export const partNotConfigured = (part: string, variables: string) =>
  Response.json({ error: { code: 'not_configured', message: `The ${part} is not configured on this server (${variables})` } }, { status: 404 });

/** What opens the callbacks of an app configured under `prefix` (its token, its EncodingAESKey, its AppID as the receiver). */
export const appCallbackKeys = (prefix: 'WECHAT_OA' | 'WECHAT_MINI', config: { token: string; encodingAesKey: string | undefined; appId: string }): CallbackKeys => ({
  token: config.token,
  encodingAesKey: config.encodingAesKey,
  receiverId: config.appId,
  names: { encodingAesKey: `${prefix}_ENCODING_AES_KEY`, receiverId: `${prefix}_APP_ID` },
});

/** One WeChat app's callback URL, as `wechatCallbackRoutes` serves it. */
export interface WechatCallback {
  /** The path under the plugin, e.g. `/callback`. */
  path: string;
  /** The app, for the API's summaries: `Official Account`, `mini-program`. */
  app: string;
  /** What the POST callbacks bring, for its summary. */
  brings: string;
  /** The app's callback keys; undefined while the app is not configured (answered with `notConfigured`). */
  keys(services: PluginServices): CallbackKeys | undefined;
  notConfigured(): Response;
  /** The status records the integrations page reads: the URL verified, the last callback. */
  status: { verified: string; last: string };
  /** What one checked, opened message means for the product (events, the ledger…). */
  process(services: PluginServices, message: Record<string, unknown>): Promise<void>;
}

/**
 * The two routes of a WeChat app's callback URL (服务器配置 of the Official Account, 消息推送 of the
 * mini-program): `GET` answers WeChat's check of the URL with the `echostr` when the `signature` of the
 * token, timestamp and nonce matches; `POST` takes a message, plaintext or encrypted (safe mode), checked
 * by signature and freshness (a bad one, or a timestamp more than an hour away, answers 401 and changes
 * nothing), processed before the answer `success`.
 */
export function wechatCallbackRoutes(callback: WechatCallback): [PluginRoute, PluginRoute] {
  const refusedOr = (err: unknown) => {
    if (err instanceof CallbackRefused) return text(err.message, 401);
    throw err;
  };
  return [
    {
      method: 'GET',
      path: callback.path,
      access: 'public',
      summary: `The ${callback.app}'s callback URL verification: answers the echostr when the signature matches`,
      handle: async (request, { services }) => {
        const keys = callback.keys(services);
        if (!keys) return callback.notConfigured();
        const query = callbackQuery(request);
        try {
          checkPlainSignature(keys.token, query);
        } catch (err) {
          return refusedOr(err);
        }
        await services.records.put('status', callback.status.verified, { at: services.now() });
        return text(query.echostr);
      },
    },
    {
      method: 'POST',
      path: callback.path,
      access: 'public',
      summary: `The ${callback.app}'s callbacks (${callback.brings}), checked by signature`,
      handle: async (request, { services }) => {
        const keys = callback.keys(services);
        if (!keys) return callback.notConfigured();
        const query = callbackQuery(request);
        let message: Record<string, unknown>;
        try {
          message = openCallback(keys, query, await request.text(), parseXmlMessage);
          checkFresh(query.timestamp, services.now());
        } catch (err) {
          return refusedOr(err);
        }
        await services.records.put('status', callback.status.last, { at: services.now() });
        await callback.process(services, message);
        return text('success');
      },
    },
  ];
}
