import type { Repositories } from '@journey/db';
import { randomSecret } from './password.ts';
import { sha256 } from './tokens.ts';

/** The session cookie's name; it holds a random token whose SHA-256 is the session's key in the store. */
export const SESSION_COOKIE = 'journey_session';
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: number;
}

/** Opens a session for a user (in the caller's transaction, if `db` is one), dropping that user's expired sessions. */
export async function createSession(db: Repositories, userId: string, now: number): Promise<NewSession> {
  const token = randomSecret();
  const csrfToken = randomSecret();
  const expiresAt = now + SESSION_TTL_MS;
  await db.sessions.create({ tokenHash: sha256(token), userId, csrfToken, createdAt: now, expiresAt }, now);
  return { token, csrfToken, expiresAt };
}

/** The live session of a cookie token with its (enabled) user, if any. */
export function findSession(db: Repositories, token: string, now: number) {
  return db.sessions.find(sha256(token), now);
}

export function deleteSession(db: Repositories, tokenHash: string): Promise<void> {
  return db.sessions.delete(tokenHash);
}
