import type { Repositories } from '@journey/db';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AppBindings } from '../api/app-env.ts';
import { ApiError } from '../api/errors.ts';
import { can, type Permission, type Principal } from './principal.ts';
import { findSession, SESSION_COOKIE } from './sessions.ts';
import { secretsEqual, sha256 } from './tokens.ts';

/** The header a cookie-authenticated write must carry, equal to the session's CSRF token. */
export const CSRF_HEADER = 'X-CSRF-Token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const KEY_TOUCH_INTERVAL_MS = 60_000;

/** Where Segment's libraries call: they send the write key as HTTP Basic (the key as user name, an empty password). */
export const SEGMENT_PATH_PREFIX = '/api/v1/';

/**
 * Where Sensors Data's SDKs send (their `server_url`): they cannot set headers, so the key may come as
 * `?token=<key>` there (and only there).
 */
export const SENSORS_PATH = '/api/integrations/sensors/sa';

/**
 * The API key of an `Authorization` header: `Bearer <key>`, or on Segment's paths `Basic base64(<key>:)`
 * (whatever the password); undefined when the header is neither.
 */
function keyOf(authorization: string, path: string): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  if (bearer || !path.startsWith(SEGMENT_PATH_PREFIX)) return bearer;
  const basic = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(authorization)?.[1];
  if (!basic) return undefined;
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  const user = decoded.slice(0, decoded.includes(':') ? decoded.indexOf(':') : undefined);
  return user === '' ? undefined : user;
}

/**
 * Works out who is calling and sets `principal`, or refuses with 401 (403 for a cookie write
 * without the CSRF header). `Authorization: Bearer <key>` takes `ADMIN_API_KEY` or an api_keys
 * row (as does HTTP Basic with the key as user name on Segment's paths, and `?token=` on Sensors
 * Data's); otherwise the session cookie. Paths in `publicPaths` pass without credentials.
 */
export function authenticate(publicPaths: ReadonlySet<string>) {
  return createMiddleware<AppBindings>(async (c, next) => {
    if (publicPaths.has(c.req.path)) return next();
    const { store, config, runtime } = c.get('deps');
    const now = runtime.clock.now();
    const authorization = c.req.header('Authorization');
    const queryToken = c.req.path === SENSORS_PATH ? c.req.query('token') : undefined;
    if (authorization !== undefined || queryToken !== undefined) {
      const key = authorization !== undefined ? keyOf(authorization, c.req.path) : queryToken;
      const principal = key ? await principalOfKey(store, key, config.adminApiKey, now) : undefined;
      if (!principal) throw new ApiError(401, 'unauthorized', 'The API key is not valid');
      c.set('principal', principal);
      return next();
    }
    const token = getCookie(c, SESSION_COOKIE);
    const found = token ? await findSession(store, token, now) : undefined;
    if (!found) throw new ApiError(401, 'unauthorized', 'Sign in, or send an API key as Authorization: Bearer <key>');
    if (!SAFE_METHODS.has(c.req.method) && !secretsEqual(c.req.header(CSRF_HEADER) ?? '', found.session.csrfToken)) {
      throw new ApiError(403, 'csrf_token_invalid', `Send the session's CSRF token in the ${CSRF_HEADER} header`);
    }
    c.set('principal', {
      kind: 'session',
      role: found.user.role,
      userId: found.user.id,
      sessionHash: found.session.tokenHash,
      csrfToken: found.session.csrfToken,
    });
    return next();
  });
}

async function principalOfKey(db: Repositories, key: string, adminApiKey: string | undefined, now: number): Promise<Principal | undefined> {
  if (adminApiKey && secretsEqual(key, adminApiKey)) return { kind: 'api_key', role: 'admin', keyId: null };
  const row = await db.apiKeys.byHash(sha256(key));
  if (!row) return undefined;
  if (row.lastUsedAt === null || now - row.lastUsedAt > KEY_TOUCH_INTERVAL_MS) await db.apiKeys.touch(row.id, now);
  return { kind: 'api_key', role: row.scope, keyId: row.id };
}

/**
 * Route middleware: refuses with 403 unless the caller's role grants `permission`.
 *
 * @example
 * ```ts
 * createRoute({ method: 'post', path: '/journeys', middleware: [allow('journeys:write')] as const, … })
 * ```
 */
export function allow(permission: Permission) {
  return createMiddleware<AppBindings>(async (c, next) => {
    if (!can(c.get('principal'), permission)) {
      throw new ApiError(403, 'forbidden', `The ${c.get('principal').role} role may not do this (${permission})`);
    }
    return next();
  });
}

/**
 * Route middleware of `/metrics`, which sits outside `/api` and its authentication: `METRICS_TOKEN`
 * as a bearer token passes; otherwise the caller authenticates as on `/api` and needs `metrics:read`
 * (admin or operator).
 *
 * @example
 * ```ts
 * createRoute({ method: 'get', path: '/metrics', middleware: [allowMetrics()] as const, … })
 * ```
 */
export function allowMetrics() {
  const signedIn = authenticate(new Set());
  const permitted = allow('metrics:read');
  return createMiddleware<AppBindings>(async (c, next) => {
    const token = c.get('deps').config.metricsToken;
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('Authorization') ?? '')?.[1];
    if (token && bearer && secretsEqual(bearer, token)) return next();
    return signedIn(c, async () => {
      await permitted(c, next);
    });
  });
}
