import { newId, sessions, users, type Db, type Role } from '@journey/db';
import { and, desc, eq, isNull, lt, ne, sql } from 'drizzle-orm';
import { ApiError, notFound } from '../api/errors.ts';
import { decodeCursor, page } from '../api/pagination.ts';
import { hashPassword, randomSecret, verifyPassword } from '../auth/password.ts';
import { createSession, type NewSession } from '../auth/sessions.ts';
import { normalizeEmail, toPublicUser, type PublicUser } from '../auth/users.ts';
import type { Queryable } from './queryable.ts';

/** The languages the editor speaks. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

type UserRow = typeof users.$inferSelect;

/** A user, and the password generated for them when the admin asked for one (shown once). */
export interface UserWithPassword {
  user: PublicUser;
  generatedPassword: string | null;
}

/** Users, newest first, optionally of one role. */
export function listUsers(db: Db, query: { role?: Role | undefined; limit: number; cursor?: string | undefined }) {
  const before = decodeCursor(query.cursor, 'string');
  const rows = db
    .select()
    .from(users)
    .where(and(query.role ? eq(users.role, query.role) : undefined, before ? lt(users.id, before) : undefined))
    .orderBy(desc(users.id))
    .limit(query.limit + 1)
    .all();
  const { items, nextCursor } = page(rows, query.limit, (r) => r.id);
  return { items: items.map(toPublicUser), nextCursor };
}

function findUser(db: Queryable, id: string): UserRow {
  const row = db.select().from(users).where(eq(users.id, id)).get();
  if (!row) throw notFound('User', id);
  return row;
}

export function getUser(db: Db, id: string): PublicUser {
  return toPublicUser(findUser(db, id));
}

/** Hashes the given password, or a generated one that the caller shows once. */
async function passwordFor(password: string | undefined) {
  const generated = password === undefined ? randomSecret(12) : null;
  return { hash: await hashPassword(password ?? generated!), generated };
}

/** Creates a user; an email already in use is a 409. */
export async function createUser(
  db: Db,
  input: { email: string; name?: string | undefined; role: Role; locale?: Locale | undefined; password?: string | undefined },
  now: number,
): Promise<UserWithPassword> {
  const { hash, generated } = await passwordFor(input.password);
  const inserted = db
    .insert(users)
    .values({
      id: newId('usr'),
      email: normalizeEmail(input.email),
      name: input.name ?? '',
      passwordHash: hash,
      role: input.role,
      locale: input.locale ?? 'zh-CN',
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning()
    .get();
  if (!inserted) throw new ApiError(409, 'email_taken', `A user with the email ${normalizeEmail(input.email)} already exists`);
  return { user: toPublicUser(inserted), generatedPassword: generated };
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
function keepAnAdmin(tx: Queryable, user: UserRow): void {
  if (user.role !== 'admin' || user.disabledAt !== null) return;
  const others = tx
    .select({ n: sql<number>`count(*)` })
    .from(users)
    .where(and(eq(users.role, 'admin'), isNull(users.disabledAt), ne(users.id, user.id)))
    .get()!.n;
  if (others === 0) throw new ApiError(409, 'last_admin', 'This is the only enabled admin; make another admin first');
}

/**
 * Changes a user. Disabling a user or changing their password signs them out everywhere; demoting,
 * disabling or deleting the last enabled admin is a 409.
 */
export async function updateUser(db: Db, id: string, patch: UserPatch, now: number): Promise<UserWithPassword> {
  if (patch.password !== undefined && patch.resetPassword) {
    throw new ApiError(400, 'invalid_request', 'Give a password or ask for a reset, not both', [{ in: 'json', path: ['resetPassword'] }]);
  }
  const newPassword = patch.password !== undefined || patch.resetPassword ? await passwordFor(patch.password) : null;
  return db.transaction((tx) => {
    const current = findUser(tx, id);
    const demoted = patch.role !== undefined && patch.role !== 'admin';
    if (demoted || patch.disabled === true) keepAnAdmin(tx, current);
    const disabledAt = patch.disabled === undefined ? current.disabledAt : patch.disabled ? (current.disabledAt ?? now) : null;
    const row = tx
      .update(users)
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.role !== undefined ? { role: patch.role } : {}),
        ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
        ...(newPassword ? { passwordHash: newPassword.hash } : {}),
        disabledAt,
        updatedAt: now,
      })
      .where(eq(users.id, id))
      .returning()
      .get()!;
    if (newPassword || disabledAt !== null) tx.delete(sessions).where(eq(sessions.userId, id)).run();
    return { user: toPublicUser(row), generatedPassword: newPassword?.generated ?? null };
  });
}

/**
 * A person changes their own password: checked against the current one, then set; every session of the
 * user ends and one new session is opened for the caller, all in one transaction. `null` when the
 * current password is wrong (nothing changed).
 *
 * @example
 * ```ts
 * const session = await changeOwnPassword(db, userId, { currentPassword, newPassword }, now);
 * if (!session) throw new ApiError(403, 'wrong_password', 'The current password is wrong');
 * ```
 */
export async function changeOwnPassword(
  db: Db,
  userId: string,
  passwords: { currentPassword: string; newPassword: string },
  now: number,
): Promise<NewSession | null> {
  const { passwordHash } = findUser(db, userId);
  if (!(await verifyPassword(passwords.currentPassword, passwordHash))) return null;
  const hash = await hashPassword(passwords.newPassword);
  return db.transaction((tx) => {
    // Checked again inside the transaction: another request may have changed it while we hashed.
    if (findUser(tx, userId).passwordHash !== passwordHash) {
      throw new ApiError(409, 'password_changed', 'The password was changed meanwhile; sign in again');
    }
    tx.update(users).set({ passwordHash: hash, updatedAt: now }).where(eq(users.id, userId)).run();
    tx.delete(sessions).where(eq(sessions.userId, userId)).run();
    return createSession(tx, userId, now);
  });
}

/** Deletes a user and their sessions; the last enabled admin cannot be deleted (409). */
export function deleteUser(db: Db, id: string): void {
  db.transaction((tx) => {
    keepAnAdmin(tx, findUser(tx, id));
    tx.delete(sessions).where(eq(sessions.userId, id)).run();
    tx.delete(users).where(eq(users.id, id)).run();
  });
}
