import type { RouteHandler } from '@hono/zod-openapi';
import { deleteCookie, setCookie } from 'hono/cookie';
import { verifyPassword } from '../../../auth/password.ts';
import { createSession, deleteSession, SESSION_COOKIE, SESSION_TTL_MS } from '../../../auth/sessions.ts';
import { findUserByEmail, findUserById, toPublicUser } from '../../../auth/users.ts';
import type { AppBindings } from '../../app-env.ts';
import { ApiError } from '../../errors.ts';
import type * as routes from './auth.routes.ts';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppBindings>;

/** Verified against when the email is unknown, so a wrong email takes as long as a wrong password. */
const DECOY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$' + Buffer.alloc(64).toString('base64');

const overHttps = (url: string, forwardedProto: string | undefined) =>
  new URL(url).protocol === 'https:' || forwardedProto?.split(',')[0]?.trim() === 'https';

export const login: Handler<'login'> = async (c) => {
  const { store, runtime } = c.get('deps');
  const { email, password } = c.req.valid('json');
  const user = findUserByEmail(store.db, email);
  const matches = await verifyPassword(password, user?.passwordHash ?? DECOY_HASH);
  if (!user || !matches || user.disabledAt !== null) {
    throw new ApiError(401, 'invalid_credentials', 'The email or the password is wrong');
  }
  const session = createSession(store.db, user.id, runtime.clock.now());
  setCookie(c, SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: overHttps(c.req.url, c.req.header('X-Forwarded-Proto')),
    path: '/',
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
  return c.json({ user: toPublicUser(user), csrfToken: session.csrfToken }, 200);
};

export const logout: Handler<'logout'> = (c) => {
  const principal = c.get('principal');
  if (principal.kind === 'session') deleteSession(c.get('deps').store.db, principal.sessionHash);
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
  return c.body(null, 204);
};

export const me: Handler<'me'> = (c) => {
  const principal = c.get('principal');
  if (principal.kind !== 'session') return c.json({ user: null, csrfToken: null, role: principal.role }, 200);
  const user = findUserById(c.get('deps').store.db, principal.userId)!;
  return c.json({ user: toPublicUser(user), csrfToken: principal.csrfToken, role: principal.role }, 200);
};
