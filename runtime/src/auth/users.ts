import { newId, users, type Db, type Role } from '@journey/db';
import { sql } from 'drizzle-orm';
import { hashPassword, randomSecret } from './password.ts';

type UserRow = typeof users.$inferSelect;

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

export function toPublicUser(user: UserRow): PublicUser {
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

export function findUserByEmail(db: Db, email: string): UserRow | undefined {
  return db.query.users.findFirst({ where: (u, { eq }) => eq(u.email, normalizeEmail(email)) }).sync();
}

export function findUserById(db: Db, id: string): UserRow | undefined {
  return db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, id) }).sync();
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
 * const admin = await ensureFirstAdmin(store.db, { email: 'admin@localhost' });
 * if (admin.created && admin.generatedPassword) console.log(admin.email, admin.generatedPassword);
 * ```
 */
export async function ensureFirstAdmin(
  db: Db,
  options: { email: string; password?: string | undefined; now?: number },
): Promise<FirstAdmin> {
  if (db.select({ n: sql<number>`count(*)` }).from(users).get()!.n > 0) return { created: false };
  const generatedPassword = options.password ? undefined : randomSecret(12);
  const passwordHash = await hashPassword(options.password ?? generatedPassword!);
  const now = options.now ?? Date.now();
  const email = normalizeEmail(options.email);
  const inserted = db
    .insert(users)
    .values({ id: newId('usr'), email, name: 'Admin', passwordHash, role: 'admin', createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .run();
  if (inserted.changes === 0) return { created: false };
  return generatedPassword ? { created: true, email, generatedPassword } : { created: true, email };
}
