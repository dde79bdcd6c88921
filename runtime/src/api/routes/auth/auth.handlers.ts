import type { IncomingMessage } from 'node:http';
import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { verifyPassword } from '../../../auth/password.ts';
import type { Principal } from '../../../auth/principal.ts';
import { createSession, deleteSession, SESSION_COOKIE, SESSION_TTL_MS, type NewSession } from '../../../auth/sessions.ts';
import { findUserByEmail, findUserById, normalizeEmail, toPublicUser } from '../../../auth/users.ts';
import { changeOwnPassword, updateUser } from '../../../services/users.ts';
import type { AppBindings } from '../../app-env.ts';
import { clientAddress } from '../../../net/client-address.ts';
import { ApiError, tooManyRequests } from '../../errors.ts';
import type * as routes from './auth.routes.ts';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppBindings>;

/** Verified against when the email is unknown, so a wrong email takes as long as a wrong password. */
const DECOY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$' + Buffer.alloc(64).toString('base64');

const overHttps = (url: string, forwardedProto: string | undefined) =>
  new URL(url).protocol === 'https:' || forwardedProto?.split(',')[0]?.trim() === 'https';

/** The client's address: the connection's peer, or what trusted proxies say in X-Forwarded-For. */
function callerAddress(c: Context<AppBindings>): string {
  const peer = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket.remoteAddress ?? 'local';
  return clientAddress(peer, c.req.header('X-Forwarded-For'), c.get('deps').config.trustedProxies);
}

/** Hands the browser a session: the httpOnly cookie (Secure when the request came over https). */
function setSessionCookie(c: Context, session: NewSession): void {
  setCookie(c, SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: overHttps(c.req.url, c.req.header('X-Forwarded-Proto')),
    path: '/',
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
}

export const login: Handler<'login'> = async (c) => {
  const { store, runtime } = c.get('deps');
  const guard = c.get('guards').login;
  const { email, password } = c.req.valid('json');
  const account = normalizeEmail(email);
  const address = callerAddress(c);
  const now = runtime.clock.now();
  const tooMany = (wait: number) => tooManyRequests('too_many_attempts', 'Too many failed sign-ins; wait a while and try again', wait);
  const locked = await guard.before(account, address, now);
  if (locked > 0) throw tooMany(locked);

  const user = await findUserByEmail(store, email);
  const matches = await verifyPassword(password, user?.passwordHash ?? DECOY_HASH);
  const credentials = !user || user.disabledAt !== null ? 'unknown-account' : matches ? 'correct' : 'wrong-password';
  const wait = await guard.after(account, address, now, credentials);
  if (wait > 0) throw tooMany(wait);
  if (!user || credentials !== 'correct') throw new ApiError(401, 'invalid_credentials', 'The email or the password is wrong');
  const session = await createSession(store, user.id, now);
  setSessionCookie(c, session);
  return c.json({ user: toPublicUser(user), csrfToken: session.csrfToken }, 200);
};

export const logout: Handler<'logout'> = async (c) => {
  const principal = c.get('principal');
  if (principal.kind === 'session') await deleteSession(c.get('deps').store, principal.sessionHash);
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
  return c.body(null, 204);
};

async function caller(c: Context<AppBindings>, principal: Principal) {
  if (principal.kind !== 'session') return { user: null, csrfToken: null, role: principal.role };
  const user = (await findUserById(c.get('deps').store, principal.userId))!;
  return { user: toPublicUser(user), csrfToken: principal.csrfToken, role: principal.role };
}

export const me: Handler<'me'> = async (c) => c.json(await caller(c, c.get('principal')), 200);

/** The signed-in person calling, or a 403 for an API key (which has no profile or password). */
function personOf(c: Context<AppBindings>) {
  const principal = c.get('principal');
  if (principal.kind !== 'session') {
    throw new ApiError(403, 'not_a_user', 'An API key has no profile or password; sign in as a person to change them');
  }
  return principal;
}

export const updateMe: Handler<'updateMe'> = async (c) => {
  const principal = personOf(c);
  const { store, runtime } = c.get('deps');
  await updateUser(store, principal.userId, c.req.valid('json'), runtime.clock.now());
  return c.json(await caller(c, principal), 200);
};

export const changePassword: Handler<'changePassword'> = async (c) => {
  const principal = personOf(c);
  const { store, runtime } = c.get('deps');
  const { passwordChange } = c.get('guards');
  const key = [principal.userId];
  const now = runtime.clock.now();
  const wait = await passwordChange.lockedFor(key, now);
  if (wait > 0) throw tooManyRequests('too_many_attempts', 'Too many wrong passwords; wait a while and try again', wait);

  const session = await changeOwnPassword(store, principal.userId, c.req.valid('json'), now);
  if (!session) {
    await passwordChange.fail(key, now);
    throw new ApiError(403, 'wrong_password', 'The current password is wrong', [{ in: 'json', path: ['currentPassword'] }]);
  }
  await passwordChange.succeed(key);
  setSessionCookie(c, session);
  return c.json({ user: toPublicUser((await findUserById(store, principal.userId))!), csrfToken: session.csrfToken }, 200);
};
