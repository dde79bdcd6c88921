import type { PluginServices } from '@journey/sdk';
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
/** How long one process may hold the refresh lock before another takes over (it died mid-refresh). */
const REFRESH_LOCK_MS = 10_000;

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

interface TokenRecord extends Record<string, unknown> {
  accessToken: string;
  /** When WeCom's `expires_in` runs out, in epoch ms. */
  expiresAt: number;
  obtainedAt: number;
}

/** Every answer of WeCom's server API carries these. */
export interface WecomAnswer {
  errcode: number;
  errmsg: string;
}

/**
 * WeCom's server API (`/cgi-bin/*`) for one corp, with the access token shared by every process of the
 * deployment through the plugin's records: obtained with `gettoken`, cached until `TOKEN_REFRESH_MARGIN_MS`
 * before its `expires_in`, refreshed by one process at a time (a lock record; the others wait for its
 * token), obtained again once when WeCom says it is invalid (40014, 42001), and every call held back for a
 * while after a rate-limit answer (45009, 45033).
 *
 * @example
 * ```ts
 * const api = new WecomApi(config, services);
 * const { external_contact } = await api.get<{ external_contact: { name: string } }>('/cgi-bin/externalcontact/get', { external_userid: id });
 * ```
 */
export class WecomApi {
  constructor(
    readonly config: WecomConfig,
    readonly services: PluginServices,
    readonly fetchImpl: typeof fetch = fetch,
  ) {}

  get<T>(path: string, query: Record<string, string>, signal?: AbortSignal): Promise<T & WecomAnswer> {
    return this.#withToken(path, (token) => this.#request<T>(path, { ...query, access_token: token }, undefined, signal));
  }

  post<T>(path: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<T & WecomAnswer> {
    return this.#withToken(path, (token) => this.#request<T>(path, { access_token: token }, body, signal));
  }

  /** The cached token, or a new one. */
  async accessToken(signal?: AbortSignal): Promise<string> {
    const cached = await this.#cachedToken();
    return cached ?? (await this.#refresh(signal));
  }

  async #withToken<T>(path: string, call: (token: string) => Promise<T>): Promise<T> {
    const token = await this.accessToken();
    try {
      return await call(token);
    } catch (err) {
      if (!(err instanceof WecomError) || !TOKEN_INVALID.has(err.errcode)) throw err;
      // Another process may have replaced it already: only drop the token this call used.
      const cached = await this.services.records.get<TokenRecord>('token', 'access');
      if (cached?.value.accessToken === token) await this.services.records.delete('token', 'access');
      this.services.log.warn({ errcode: err.errcode, path }, 'WeCom refused the access token; getting a new one');
      return call(await this.accessToken());
    }
  }

  async #cachedToken(): Promise<string | undefined> {
    return (await this.services.records.get<TokenRecord>('token', 'access'))?.value.accessToken;
  }

  /** One process calls `gettoken`; the others wait for the token it stores (or take over if it dies). */
  async #refresh(signal?: AbortSignal): Promise<string> {
    const { records } = this.services;
    const deadline = this.services.now() + REFRESH_LOCK_MS * 2;
    for (;;) {
      if (await records.insert('lock', 'token', { at: this.services.now() }, { expiresAt: this.services.now() + REFRESH_LOCK_MS })) {
        try {
          const cached = await this.#cachedToken();
          if (cached) return cached;
          const answer = await this.#request<{ access_token: string; expires_in: number }>(
            '/cgi-bin/gettoken',
            { corpid: this.config.corpId, corpsecret: this.config.secret },
            undefined,
            signal,
          );
          const now = this.services.now();
          const expiresAt = now + answer.expires_in * 1000;
          await records.put('token', 'access', { accessToken: answer.access_token, expiresAt, obtainedAt: now } satisfies TokenRecord, {
            expiresAt: Math.max(now + 1000, expiresAt - TOKEN_REFRESH_MARGIN_MS),
          });
          await records.put('status', 'token', { obtainedAt: now, expiresAt, error: null });
          return answer.access_token;
        } catch (err) {
          await records.put('status', 'token', { obtainedAt: null, error: err instanceof Error ? err.message : String(err), at: this.services.now() });
          throw err;
        } finally {
          await records.delete('lock', 'token');
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      const cached = await this.#cachedToken();
      if (cached) return cached;
      if (this.services.now() > deadline) throw new Error('Timed out waiting for another process to obtain the WeCom access token');
    }
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
