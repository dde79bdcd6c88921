import type { PluginServices } from '@journey/sdk';

/** How long one process may hold a refresh lock before another takes over (it died mid-refresh). */
const REFRESH_LOCK_MS = 10_000;

/** A token as the records keep it. */
interface TokenRecord extends Record<string, unknown> {
  accessToken: string;
  /** When the carrier's `expires_in` runs out, in epoch ms. */
  expiresAt: number;
  obtainedAt: number;
}

/** What the carrier answered for a token. */
export interface ObtainedToken {
  accessToken: string;
  /** Seconds, as WeChat and WeCom answer it. */
  expiresIn: number;
}

/** How one access token is obtained and kept. */
export interface SharedTokenOptions {
  /** Its records key (one per app: the AppID, the corp id). */
  key: string;
  /** Kept until this long before it expires; then obtained again. */
  refreshMarginMs: number;
  /**
   * Asks the carrier for a token. `replacing` is the token the carrier just refused (40001, 42001…):
   * the carrier is asked for a new one rather than the one it holds.
   */
  obtain(replacing: string | undefined, signal?: AbortSignal): Promise<ObtainedToken>;
}

/**
 * An access token of WeChat's or WeCom's server API, shared by every process of the deployment through
 * the plugin's records: cached until `refreshMarginMs` before it expires, obtained by one process at a
 * time (a lock record; the others wait for its token, or take over if it dies), and obtained anew when the
 * carrier refuses it — once, by whichever process sees the refusal first. The outcome of the last attempt
 * is kept as the `status` record `token:<key>` (when, or the error), for the integrations page.
 *
 * @example
 * ```ts
 * const token = new SharedAccessToken(services, { key: appId, refreshMarginMs: 240_000, obtain: (replacing) => fetchToken(replacing !== undefined) });
 * const answer = await token.use((accessToken) => call(path, accessToken), isTokenRefused);
 * ```
 */
export class SharedAccessToken {
  constructor(
    readonly services: PluginServices,
    readonly options: SharedTokenOptions,
  ) {}

  /** The cached token, or a new one. */
  async get(signal?: AbortSignal): Promise<string> {
    return (await this.#cached()) ?? (await this.#refresh(undefined, signal));
  }

  /** Calls `call` with the token; when `refused(err)` says the carrier refused the token, once more with a new one. */
  async use<T>(call: (token: string) => Promise<T>, refused: (err: unknown) => boolean, signal?: AbortSignal): Promise<T> {
    const token = await this.get(signal);
    try {
      return await call(token);
    } catch (err) {
      if (!refused(err)) throw err;
      this.services.log.warn({ key: this.options.key }, 'The access token was refused; getting a new one');
      return call(await this.#refresh(token, signal));
    }
  }

  async #cached(): Promise<string | undefined> {
    return (await this.services.records.get<TokenRecord>('token', this.options.key))?.value.accessToken;
  }

  /** One process asks the carrier; the others wait for the token it stores. */
  async #refresh(replacing: string | undefined, signal?: AbortSignal): Promise<string> {
    const { records } = this.services;
    const lock = `token:${this.options.key}`;
    const deadline = this.services.now() + REFRESH_LOCK_MS * 2;
    for (;;) {
      if (await records.insert('lock', lock, { at: this.services.now() }, { expiresAt: this.services.now() + REFRESH_LOCK_MS })) {
        try {
          // Another process may have replaced it meanwhile: that token is used, not refused again.
          const cached = await this.#cached();
          if (cached !== undefined && cached !== replacing) return cached;
          const answer = await this.options.obtain(replacing, signal);
          const now = this.services.now();
          const expiresAt = now + answer.expiresIn * 1000;
          await records.put('token', this.options.key, { accessToken: answer.accessToken, expiresAt, obtainedAt: now } satisfies TokenRecord, {
            expiresAt: Math.max(now + 1000, expiresAt - this.options.refreshMarginMs),
          });
          await records.put('status', `token:${this.options.key}`, { obtainedAt: now, expiresAt, error: null });
          return answer.accessToken;
        } catch (err) {
          await records.put('status', `token:${this.options.key}`, { obtainedAt: null, error: err instanceof Error ? err.message : String(err), at: this.services.now() });
          throw err;
        } finally {
          await records.delete('lock', lock);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      const cached = await this.#cached();
      if (cached !== undefined && cached !== replacing) return cached;
      if (this.services.now() > deadline) throw new Error('Timed out waiting for another process to obtain the access token');
    }
  }
}
