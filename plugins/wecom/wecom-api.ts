import type { PluginServices } from '@journey/sdk';
import { SharedAccessToken } from '@journey/plugin-wechat/access-token';
import type { WecomConfig } from './config.ts';

/** errcodes WeCom answers when the access token is not (or no longer) valid: get a new one and call again. */
export const TOKEN_INVALID = new Set([40014, 42001]);
/** errcodes of WeCom's rate limits: 45009 calls per minute, 45033 concurrent calls. */
export const RATE_LIMITED = new Map([
  [45009, 60_000],
  [45033, 2_000],
]);
/** Refresh the token this long before WeCom says it expires, so a call never goes out with a dying one. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;

/** An answer of WeCom with `errcode` ≠ 0. */
export class WecomError extends Error {
  override readonly name = 'WecomError';
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly path: string,
  ) {
    super(`WeCom ${path} answered errcode ${errcode}: ${errmsg}`);
  }
}

/** WeCom is rate-limiting this corp: no call goes out before `until`. */
export class WecomRateLimited extends Error {
  override readonly name = 'WecomRateLimited';
  constructor(readonly until: number, errcode: number) {
    super(`WeCom rate limit (errcode ${errcode}): calls wait until ${new Date(until).toISOString()}`);
  }
}

/** Every answer of WeCom's server API carries these. */
export interface WecomAnswer {
  errcode: number;
  errmsg: string;
}

/**
 * WeCom's server API (`/cgi-bin/*`) for one corp, with the access token from `gettoken` shared by every
 * process of the deployment (see `SharedAccessToken`): cached until `TOKEN_REFRESH_MARGIN_MS` before its
 * `expires_in`, obtained again once when WeCom says it is invalid (40014, 42001), and every call held back
 * for a while after a rate-limit answer (45009, 45033).
 *
 * @example
 * ```ts
 * const api = new WecomApi(config, services);
 * const { external_contact } = await api.get<{ external_contact: { name: string } }>('/cgi-bin/externalcontact/get', { external_userid: id });
 * ```
 */
export class WecomApi {
  readonly token: SharedAccessToken;

  constructor(
    readonly config: WecomConfig,
    readonly services: PluginServices,
    readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.token = new SharedAccessToken(services, {
      key: config.corpId,
      refreshMarginMs: TOKEN_REFRESH_MARGIN_MS,
      // gettoken answers a new token on every call: the one refused needs nothing more.
      obtain: async (_replacing, signal) => {
        const answer = await this.#request<{ access_token: string; expires_in: number }>('/cgi-bin/gettoken', { corpid: config.corpId, corpsecret: config.secret }, undefined, signal);
        return { accessToken: answer.access_token, expiresIn: answer.expires_in };
      },
    });
  }

  get<T>(path: string, query: Record<string, string>, signal?: AbortSignal): Promise<T & WecomAnswer> {
    return this.token.use((token) => this.#request<T>(path, { ...query, access_token: token }, undefined, signal), refusedToken, signal);
  }

  post<T>(path: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<T & WecomAnswer> {
    return this.token.use((token) => this.#request<T>(path, { access_token: token }, body, signal), refusedToken, signal);
  }

  /** The cached token, or a new one. */
  accessToken(signal?: AbortSignal): Promise<string> {
    return this.token.get(signal);
  }

  async #request<T>(path: string, query: Record<string, string>, body: Record<string, unknown> | undefined, signal?: AbortSignal): Promise<T & WecomAnswer> {
    const backoff = await this.services.records.get<{ until: number; errcode: number }>('backoff', 'api');
    if (backoff) throw new WecomRateLimited(backoff.value.until, backoff.value.errcode);
    const url = new URL(`${this.config.apiBase}${path}`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    const res = await this.fetchImpl(url, {
      method: body === undefined ? 'GET' : 'POST',
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
      signal: signal ?? AbortSignal.timeout(10_000),
      redirect: 'error',
    });
    if (!res.ok) throw new Error(`WeCom ${path} answered HTTP ${res.status}`);
    const answer = (await res.json()) as T & WecomAnswer;
    if (answer.errcode === 0 || answer.errcode === undefined) return answer;
    const pause = RATE_LIMITED.get(answer.errcode);
    if (pause !== undefined) {
      const until = this.services.now() + pause;
      await this.services.records.put('backoff', 'api', { until, errcode: answer.errcode }, { expiresAt: until });
      throw new WecomRateLimited(until, answer.errcode);
    }
    throw new WecomError(answer.errcode, answer.errmsg, path);
  }
}

const refusedToken = (err: unknown) => err instanceof WecomError && TOKEN_INVALID.has(err.errcode);
