import { sessions, users, type Db } from '@journey/db';
import { and, eq, gt, isNull, lte } from 'drizzle-orm';
import type { Queryable } from '../services/queryable.ts';
import { randomSecret } from './password.ts';
import { sha256 } from './tokens.ts';

/** The session cookie's name; it holds a random token whose SHA-256 is the sessions row's key. */
export const SESSION_COOKIE = 'journey_session';
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: number;
}

/** Opens a session for a user, and drops that user's expired sessions (in the caller's transaction, if any). */
export function createSession(db: Queryable, userId: string, now: number): NewSession {
  const token = randomSecret();
  const csrfToken = randomSecret();
  const expiresAt = now + SESSION_TTL_MS;
  db.transaction((tx) => {
    tx.delete(sessions).where(and(eq(sessions.userId, userId), lte(sessions.expiresAt, now))).run();
    tx.insert(sessions).values({ tokenHash: sha256(token), userId, csrfToken, createdAt: now, expiresAt }).run();
  });
  return { token, csrfToken, expiresAt };
}

/** The live session of a cookie token with its (enabled) user, if any. */
export function findSession(db: Db, token: string, now: number) {
  return db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, sha256(token)), gt(sessions.expiresAt, now), isNull(users.disabledAt)))
    .get();
}

export function deleteSession(db: Db, tokenHash: string): void {
  db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run();
}
