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
import { ApiError, tooManyRequests } from '../../errors.ts';
import type * as routes from './auth.routes.ts';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppBindings>;

/** Verified against when the email is unknown, so a wrong email takes as long as a wrong password. */
const DECOY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$' + Buffer.alloc(64).toString('base64');

const overHttps = (url: string, forwardedProto: string | undefined) =>
  new URL(url).protocol === 'https:' || forwardedProto?.split(',')[0]?.trim() === 'https';

/** The peer address of the connection; X-Forwarded-For is not trusted, as anyone can send it. */
function clientAddress(c: Context): string {
  return (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket.remoteAddress ?? 'local';
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
  const { loginByEmail, loginByAddress } = c.get('guards');
  const { email, password } = c.req.valid('json');
  const emailKey = [normalizeEmail(email)];
  const addressKey = [clientAddress(c)];
  const now = runtime.clock.now();
  const wait = Math.max(loginByEmail.lockedFor(emailKey, now), loginByAddress.lockedFor(addressKey, now));
  if (wait > 0) throw tooManyRequests('too_many_attempts', 'Too many failed sign-ins; wait a while and try again', wait);

  const user = await findUserByEmail(store, email);
  const matches = await verifyPassword(password, user?.passwordHash ?? DECOY_HASH);
  if (!user || !matches || user.disabledAt !== null) {
    loginByEmail.fail(emailKey, now);
    loginByAddress.fail(addressKey, now);
    throw new ApiError(401, 'invalid_credentials', 'The email or the password is wrong');
  }
  loginByEmail.succeed(emailKey);
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
  const wait = passwordChange.lockedFor(key, now);
  if (wait > 0) throw tooManyRequests('too_many_attempts', 'Too many wrong passwords; wait a while and try again', wait);

  const session = await changeOwnPassword(store, principal.userId, c.req.valid('json'), now);
  if (!session) {
    passwordChange.fail(key, now);
    throw new ApiError(403, 'wrong_password', 'The current password is wrong', [{ in: 'json', path: ['currentPassword'] }]);
  }
  passwordChange.succeed(key);
  setSessionCookie(c, session);
  return c.json({ user: toPublicUser((await findUserById(store, principal.userId))!), csrfToken: session.csrfToken }, 200);
};
