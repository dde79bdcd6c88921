import { PermanentDeliveryError, type PluginServices } from '@journey/sdk';
import { SharedAccessToken } from './access-token.ts';
import type { WechatAppCredentials } from './config.ts';

/** errcodes WeChat answers when the access token is not (or no longer) valid: get a new one and call again. */
export const TOKEN_INVALID = new Set([40001, 40014, 42001]);

/**
 * Kept until 4 minutes before it expires. In stable_token's normal mode WeChat swaps the token in the last
 * 5 minutes of its life (the old one stays valid until it ends): asked within them, it answers the new one.
 */
export const TOKEN_REFRESH_MARGIN_MS = 4 * 60_000;

/**
 * WeChat answers that retrying cannot change, with what they mean to an operator. Any other errcode (-1
 * system busy, 45009 an API's quota, 45011 calls too frequent…) is retried.
 */
export const PERMANENT_ERRORS: ReadonlyMap<number, string> = new Map([
  [40003, 'the openid is not a follower of this Official Account (invalid openid)'],
  [40013, 'WeChat does not know this AppID'],
  [40125, 'the AppSecret is wrong'],
  [40164, "this server's IP address is not on the account's IP whitelist"],
  [40036, 'the template id is not valid'],
  [40037, 'the template id is not one of the account’s templates'],
  [40165, 'the mini-program page path is not valid'],
  [43004, 'the follower has unfollowed the Official Account'],
  [43019, 'the follower has blocked the Official Account'],
  [43101, 'the user has no subscription left for this template'],
  [45015, 'the follower has not interacted within the customer-service window (48 hours)'],
  [45047, 'the customer-service messages of the window are used up'],
  [47003, 'a template variable is missing or not valid for its type'],
  [48001, 'the account is not authorised to call this API'],
]);

/** An answer of WeChat with `errcode` ≠ 0. */
export class WechatError extends Error {
  override readonly name = 'WechatError';
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly path: string,
  ) {
    super(`WeChat ${path} answered errcode ${errcode}: ${errmsg}`);
  }
}

/** Network failures in which the request cannot have reached WeChat. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * Whether a failed call may still have been carried out by WeChat: it timed out, was aborted, or the
 * connection broke after the request went out. False when WeChat answered (an errcode, an HTTP error) or
 * the request could not be sent at all.
 */
export function outcomeUnknown(err: unknown): boolean {
  if (err instanceof WechatError || err instanceof WechatHttpError || !(err instanceof Error)) return false;
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return true;
  const code = (err.cause as { code?: unknown } | undefined)?.code;
  return !(typeof code === 'string' && NOT_CONNECTED.has(code));
}

/** WeChat answered with an HTTP error status (its API answers 200 otherwise). */
export class WechatHttpError extends Error {
  override readonly name = 'WechatHttpError';
  constructor(
    readonly status: number,
    readonly path: string,
  ) {
    super(`WeChat ${path} answered HTTP ${status}`);
  }
}

/** Every answer of WeChat's server API may carry these (0 or absent: success). */
export interface WechatAnswer {
  errcode?: number;
  errmsg?: string;
}

/**
 * What a delivery throws for a failed call: a `PermanentDeliveryError` saying what WeChat's answer means
 * when retrying cannot change it (`PERMANENT_ERRORS`), else the error itself, which is retried.
 *
 * @example
 * ```ts
 * try { await api.post('/cgi-bin/message/custom/send', body, signal); } catch (err) { throw deliveryError(err); }
 * ```
 */
export function deliveryError(err: unknown): unknown {
  if (!(err instanceof WechatError)) return err;
  const meaning = PERMANENT_ERRORS.get(err.errcode);
  return meaning === undefined ? err : new PermanentDeliveryError(`WeChat refused it: ${meaning} (errcode ${err.errcode}: ${err.errmsg})`);
}

/**
 * WeChat's server API (`/cgi-bin/*`, `/wxa/*`) for one app — the Official Account or a mini-program, by
 * its AppID and AppSecret — with the access token from `cgi-bin/stable_token` shared by every process
 * (see `SharedAccessToken`): cached until `TOKEN_REFRESH_MARGIN_MS` before it expires, obtained anew with
 * `force_refresh` when WeChat says it is not valid (40001, 40014, 42001). Calls answer the JSON on
 * `errcode` 0 and throw `WechatError` otherwise.
 *
 * @example
 * ```ts
 * const api = new WechatApi({ appId, appSecret, endpoint }, services);
 * const { msgid } = await api.post<{ msgid: number }>('/cgi-bin/message/template/send', { touser, template_id, data });
 * ```
 */
export class WechatApi {
  readonly token: SharedAccessToken;

  constructor(
    readonly app: WechatAppCredentials,
    readonly services: PluginServices,
    readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.token = new SharedAccessToken(services, {
      key: app.appId,
      refreshMarginMs: TOKEN_REFRESH_MARGIN_MS,
      obtain: async (replacing, signal) => {
        const answer = await this.#request<{ access_token: string; expires_in: number }>(
          '/cgi-bin/stable_token',
          {},
          { grant_type: 'client_credential', appid: app.appId, secret: app.appSecret, force_refresh: replacing !== undefined },
          signal,
        );
        return { accessToken: answer.access_token, expiresIn: answer.expires_in };
      },
    });
  }

  get<T>(path: string, query: Record<string, string> = {}, signal?: AbortSignal): Promise<T & WechatAnswer> {
    return this.token.use((token) => this.#request<T>(path, { ...query, access_token: token }, undefined, signal), refusedToken, signal);
  }

  post<T>(path: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<T & WechatAnswer> {
    return this.token.use((token) => this.#request<T>(path, { access_token: token }, body, signal), refusedToken, signal);
  }

  async #request<T>(path: string, query: Record<string, string>, body: Record<string, unknown> | undefined, signal?: AbortSignal): Promise<T & WechatAnswer> {
    const url = new URL(`${this.app.endpoint}${path}`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    const res = await this.fetchImpl(url, {
      method: body === undefined ? 'GET' : 'POST',
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
      signal: signal ?? AbortSignal.timeout(10_000),
      redirect: 'error',
    });
    if (!res.ok) throw new WechatHttpError(res.status, path);
    const answer = (await res.json()) as T & WechatAnswer;
    if (answer.errcode === undefined || answer.errcode === 0) return answer;
    throw new WechatError(answer.errcode, answer.errmsg ?? '', path);
  }
}

const refusedToken = (err: unknown) => err instanceof WechatError && TOKEN_INVALID.has(err.errcode);
