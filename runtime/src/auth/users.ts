import { newId, type Repositories, type Role, type UserRecord } from '@journey/db';
import { hashPassword, randomSecret } from './password.ts';

/** A user as the API shows it; never the password hash. */
export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: string;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export function toPublicUser(user: UserRecord): PublicUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    locale: user.locale,
    disabled: user.disabledAt !== null,
    createdAt: new Date(user.createdAt).toISOString(),
    updatedAt: new Date(user.updatedAt).toISOString(),
  };
}

/** Emails are compared without case; they are stored lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function findUserByEmail(db: Repositories, email: string): Promise<UserRecord | undefined> {
  return db.users.byEmail(normalizeEmail(email));
}

export function findUserById(db: Repositories, id: string): Promise<UserRecord | undefined> {
  return db.users.get(id);
}

/** What `ensureFirstAdmin` did, so the server can tell the operator how to sign in. */
export type FirstAdmin =
  | { created: false }
  | { created: true; email: string; /** Set when the password was generated: print it once. */ generatedPassword?: string };

/**
 * On a database without users, creates the first admin with `email` and `password`, or with a
 * random password that the caller prints once.
 *
 * @example
 * ```ts
 * const admin = await ensureFirstAdmin(store, { email: 'admin@localhost' });
 * if (admin.created && admin.generatedPassword) console.log(admin.email, admin.generatedPassword);
 * ```
 */
export async function ensureFirstAdmin(
  db: Repositories,
  options: { email: string; password?: string | undefined; now?: number },
): Promise<FirstAdmin> {
  if ((await db.users.count()) > 0) return { created: false };
  const generatedPassword = options.password ? undefined : randomSecret(12);
  const passwordHash = await hashPassword(options.password ?? generatedPassword!);
  const now = options.now ?? Date.now();
  const email = normalizeEmail(options.email);
  const inserted = await db.users.create({
    id: newId('usr'),
    email,
    name: 'Admin',
    passwordHash,
    role: 'admin',
    locale: 'zh-CN',
    disabledAt: null,
    createdAt: now,
    updatedAt: now,
  });
  if (!inserted) return { created: false };
  return generatedPassword ? { created: true, email, generatedPassword } : { created: true, email };
}
