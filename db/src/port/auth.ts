import type { ApiKeyRecord, Role, SessionRecord, UserRecord } from './model.ts';
import type { Page, PageQuery } from './paging.ts';

/** What may change about a user. */
export type UserPatch = Partial<Pick<UserRecord, 'name' | 'role' | 'locale' | 'passwordHash' | 'disabledAt'>>;

/**
 * People who sign in to the editor.
 *
 * @example
 * ```ts
 * const user = await store.users.byEmail('admin@localhost');
 * ```
 */
export interface UserRepository {
  count(): Promise<number>;
  get(id: string): Promise<UserRecord | undefined>;
  /** By e-mail as stored (lower-cased). */
  byEmail(email: string): Promise<UserRecord | undefined>;
  /** Users, newest first. */
  list(filter: { role?: Role | undefined }, page: PageQuery): Promise<Page<UserRecord>>;
  /** False when the e-mail is taken (nothing written). */
  create(user: UserRecord): Promise<boolean>;
  update(id: string, patch: UserPatch, now: number): Promise<UserRecord | undefined>;
  delete(id: string): Promise<void>;
  /** Enabled admins other than `exceptId`. */
  countOtherEnabledAdmins(exceptId: string): Promise<number>;
}

/** Signed-in sessions. */
export interface SessionRepository {
  /** Opens a session and drops the user's expired ones. */
  create(session: SessionRecord, now: number): Promise<void>;
  /** The live session with this token hash and its user, when the user is enabled. */
  find(tokenHash: string, now: number): Promise<{ session: SessionRecord; user: UserRecord } | undefined>;
  delete(tokenHash: string): Promise<void>;
  deleteOfUser(userId: string): Promise<void>;
}

/** Machine credentials. */
export interface ApiKeyRepository {
  /** Keys, newest first, revoked ones included. */
  list(page: PageQuery): Promise<Page<ApiKeyRecord>>;
  get(id: string): Promise<ApiKeyRecord | undefined>;
  /** The unrevoked key with this hash. */
  byHash(keyHash: string): Promise<ApiKeyRecord | undefined>;
  create(key: ApiKeyRecord): Promise<void>;
  touch(id: string, now: number): Promise<void>;
  revoke(id: string, now: number): Promise<void>;
}
