import { newId, type Repositories, type Role, type Store, type UserRecord } from '@journey/db';
import { Conflict, InvalidInput, NotFound } from '../domain-errors.ts';
import { hashPassword, randomSecret, verifyPassword } from '../auth/password.ts';
import { createSession, type NewSession } from '../auth/sessions.ts';
import { normalizeEmail, toPublicUser, type PublicUser } from '../auth/users.ts';
import { listPage, type ListQuery } from './list-page.ts';

/** The languages the editor speaks. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** A user, and the password generated for them when the admin asked for one (shown once). */
export interface UserWithPassword {
  user: PublicUser;
  generatedPassword: string | null;
}

/** Users, newest first, optionally of one role. */
export function listUsers(db: Repositories, query: ListQuery & { role?: Role | undefined }) {
  return listPage(query, 'string', (page) => db.users.list({ role: query.role }, page), toPublicUser);
}

async function findUser(db: Repositories, id: string): Promise<UserRecord> {
  const row = await db.users.get(id);
  if (!row) throw new NotFound('User', id);
  return row;
}

export async function getUser(db: Repositories, id: string): Promise<PublicUser> {
  return toPublicUser(await findUser(db, id));
}

/** Hashes the given password, or a generated one that the caller shows once. */
async function passwordFor(password: string | undefined) {
  const generated = password === undefined ? randomSecret(12) : null;
  return { hash: await hashPassword(password ?? generated!), generated };
}

/** Creates a user; an email already in use is a `Conflict`. */
export async function createUser(
  db: Repositories,
  input: { email: string; name?: string | undefined; role: Role; locale?: Locale | undefined; password?: string | undefined },
  now: number,
): Promise<UserWithPassword> {
  const { hash, generated } = await passwordFor(input.password);
  const user: UserRecord = {
    id: newId('usr'),
    email: normalizeEmail(input.email),
    name: input.name ?? '',
    passwordHash: hash,
    role: input.role,
    locale: input.locale ?? 'zh-CN',
    disabledAt: null,
    createdAt: now,
    updatedAt: now,
  };
  if (!(await db.users.create(user))) throw new Conflict('email_taken', `A user with the email ${user.email} already exists`);
  return { user: toPublicUser(user), generatedPassword: generated };
}

/** What an admin may change about a user; `resetPassword` generates a new one, shown once. */
export interface UserPatch {
  name?: string | undefined;
  role?: Role | undefined;
  locale?: Locale | undefined;
  disabled?: boolean | undefined;
  password?: string | undefined;
  resetPassword?: boolean | undefined;
}

/** Refuses a change that would leave no enabled admin to manage people. */
async function keepAnAdmin(tx: Repositories, user: UserRecord): Promise<void> {
  if (user.role !== 'admin' || user.disabledAt !== null) return;
  if ((await tx.users.countOtherEnabledAdmins(user.id)) === 0) {
    throw new Conflict('last_admin', 'This is the only enabled admin; make another admin first');
  }
}

/**
 * Changes a user. Disabling a user or changing their password signs them out everywhere; demoting,
 * disabling or deleting the last enabled admin is a `Conflict`.
 */
export async function updateUser(store: Store, id: string, patch: UserPatch, now: number): Promise<UserWithPassword> {
  if (patch.password !== undefined && patch.resetPassword) {
    throw new InvalidInput('invalid_request', 'Give a password or ask for a reset, not both', [{ in: 'json', path: ['resetPassword'] }]);
  }
  const newPassword = patch.password !== undefined || patch.resetPassword ? await passwordFor(patch.password) : null;
  return store.transaction(async (tx) => {
    const current = await findUser(tx, id);
    const demoted = patch.role !== undefined && patch.role !== 'admin';
    if (demoted || patch.disabled === true) await keepAnAdmin(tx, current);
    const disabledAt = patch.disabled === undefined ? current.disabledAt : patch.disabled ? (current.disabledAt ?? now) : null;
    const row = await tx.users.update(
      id,
      { name: patch.name, role: patch.role, locale: patch.locale, passwordHash: newPassword?.hash, disabledAt },
      now,
    );
    if (newPassword || disabledAt !== null) await tx.sessions.deleteOfUser(id);
    return { user: toPublicUser(row!), generatedPassword: newPassword?.generated ?? null };
  });
}

/**
 * A person changes their own password: checked against the current one, then set; every session of the
 * user ends and one new session is opened for the caller, all in one transaction. `null` when the
 * current password is wrong (nothing changed).
 *
 * @example
 * ```ts
 * const session = await changeOwnPassword(store, userId, { currentPassword, newPassword }, now);
 * if (!session) throw new InvalidInput('wrong_password', 'The current password is wrong');
 * ```
 */
export async function changeOwnPassword(
  store: Store,
  userId: string,
  passwords: { currentPassword: string; newPassword: string },
  now: number,
): Promise<NewSession | null> {
  const { passwordHash } = await findUser(store, userId);
  if (!(await verifyPassword(passwords.currentPassword, passwordHash))) return null;
  const hash = await hashPassword(passwords.newPassword);
  return store.transaction(async (tx) => {
    // Checked again inside the transaction: another request may have changed it while we hashed.
    if ((await findUser(tx, userId)).passwordHash !== passwordHash) {
      throw new Conflict('password_changed', 'The password was changed meanwhile; sign in again');
    }
    await tx.users.update(userId, { passwordHash: hash }, now);
    await tx.sessions.deleteOfUser(userId);
    return createSession(tx, userId, now);
  });
}

/** Deletes a user and their sessions; the last enabled admin cannot be deleted (`Conflict`). */
export function deleteUser(store: Store, id: string): Promise<void> {
  return store.transaction(async (tx) => {
    await keepAnAdmin(tx, await findUser(tx, id));
    await tx.sessions.deleteOfUser(id);
    await tx.users.delete(id);
  });
}
