import { sql } from 'drizzle-orm';
import type { ApiKeyRepository, SessionRepository, UserPatch, UserRepository } from '../port/auth.ts';
import type { ApiKeyRecord, Role, SessionRecord, UserRecord } from '../port/model.ts';
import { keysetPage, type Page, type PageQuery } from '../port/paging.ts';
import { assignments, selectList } from './columns.ts';
import type { SqlContext } from './context.ts';

const USER_COLUMNS = {
  id: 'id',
  email: 'email',
  name: 'name',
  passwordHash: 'password_hash',
  role: 'role',
  locale: 'locale',
  disabledAt: 'disabled_at',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};
const USER = selectList(USER_COLUMNS);
const SESSION_COLUMNS = { tokenHash: 'token_hash', userId: 'user_id', csrfToken: 'csrf_token', createdAt: 'created_at', expiresAt: 'expires_at' };
const API_KEY = selectList({
  id: 'id',
  name: 'name',
  prefix: 'prefix',
  keyHash: 'key_hash',
  scope: 'scope',
  createdBy: 'created_by',
  createdAt: 'created_at',
  lastUsedAt: 'last_used_at',
  revokedAt: 'revoked_at',
});

/** Users on either store. */
export class SqlUserRepository implements UserRepository {
  constructor(private readonly ctx: SqlContext) {}

  async count(): Promise<number> {
    const row = await this.ctx.exec.get<{ n: number }>(sql`SELECT count(*) AS "n" FROM users`);
    return Number(row?.n ?? 0);
  }

  get(id: string): Promise<UserRecord | undefined> {
    return this.ctx.exec.get<UserRecord>(sql`SELECT ${USER} FROM users WHERE id = ${id}`);
  }

  byEmail(email: string): Promise<UserRecord | undefined> {
    return this.ctx.exec.get<UserRecord>(sql`SELECT ${USER} FROM users WHERE email = ${email}`);
  }

  async list(filter: { role?: Role | undefined }, page: PageQuery): Promise<Page<UserRecord>> {
    const rows = await this.ctx.exec.all<UserRecord>(sql`SELECT ${USER} FROM users WHERE 1 = 1
      ${filter.role ? sql`AND role = ${filter.role}` : sql``} ${page.after ? sql`AND id < ${page.after}` : sql``}
      ORDER BY id DESC LIMIT ${page.limit + 1}`);
    return keysetPage(rows, page.limit, (r) => r.id);
  }

  async create(u: UserRecord): Promise<boolean> {
    const changed = await this.ctx.exec.run(sql`INSERT INTO users (id, email, name, password_hash, role, locale, disabled_at, created_at, updated_at)
      VALUES (${u.id}, ${u.email}, ${u.name}, ${u.passwordHash}, ${u.role}, ${u.locale}, ${u.disabledAt}, ${u.createdAt}, ${u.updatedAt})
      ON CONFLICT DO NOTHING`);
    return changed > 0;
  }

  update(id: string, patch: UserPatch, now: number): Promise<UserRecord | undefined> {
    const sets = assignments(USER_COLUMNS, { ...patch, updatedAt: undefined });
    return this.ctx.exec.get<UserRecord>(
      sql`UPDATE users SET ${sql.join([...sets, sql`updated_at = ${now}`], sql`, `)} WHERE id = ${id} RETURNING ${USER}`,
    );
  }

  async delete(id: string): Promise<void> {
    await this.ctx.exec.run(sql`DELETE FROM users WHERE id = ${id}`);
  }

  async countOtherEnabledAdmins(exceptId: string): Promise<number> {
    const row = await this.ctx.exec.get<{ n: number }>(
      sql`SELECT count(*) AS "n" FROM users WHERE role = 'admin' AND disabled_at IS NULL AND id <> ${exceptId}`,
    );
    return Number(row?.n ?? 0);
  }
}

/** Sessions on either store. */
export class SqlSessionRepository implements SessionRepository {
  constructor(private readonly ctx: SqlContext) {}

  create(s: SessionRecord, now: number): Promise<void> {
    return this.ctx.atomic(async ({ exec }) => {
      await exec.run(sql`DELETE FROM sessions WHERE user_id = ${s.userId} AND expires_at <= ${now}`);
      await exec.run(sql`INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at)
        VALUES (${s.tokenHash}, ${s.userId}, ${s.csrfToken}, ${s.createdAt}, ${s.expiresAt})`);
    });
  }

  async find(tokenHash: string, now: number): Promise<{ session: SessionRecord; user: UserRecord } | undefined> {
    const row = await this.ctx.exec.get<SessionRecord & { user: UserRecord } & Record<string, unknown>>(sql`SELECT
        ${selectList(SESSION_COLUMNS, 's')}, ${selectList(Object.fromEntries(Object.entries(USER_COLUMNS).map(([k, v]) => [`u_${k}`, v])), 'u')}
      FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.token_hash = ${tokenHash} AND s.expires_at > ${now} AND u.disabled_at IS NULL`);
    if (!row) return undefined;
    const pick = (prefix: string, fields: Record<string, string>) => Object.fromEntries(Object.keys(fields).map((k) => [k, row[`${prefix}${k}`]]));
    return { session: pick('', SESSION_COLUMNS) as unknown as SessionRecord, user: pick('u_', USER_COLUMNS) as unknown as UserRecord };
  }

  async delete(tokenHash: string): Promise<void> {
    await this.ctx.exec.run(sql`DELETE FROM sessions WHERE token_hash = ${tokenHash}`);
  }

  async deleteOfUser(userId: string): Promise<void> {
    await this.ctx.exec.run(sql`DELETE FROM sessions WHERE user_id = ${userId}`);
  }
}

/** API keys on either store. */
export class SqlApiKeyRepository implements ApiKeyRepository {
  constructor(private readonly ctx: SqlContext) {}

  async list(page: PageQuery): Promise<Page<ApiKeyRecord>> {
    const rows = await this.ctx.exec.all<ApiKeyRecord>(sql`SELECT ${API_KEY} FROM api_keys
      ${page.after ? sql`WHERE id < ${page.after}` : sql``} ORDER BY id DESC LIMIT ${page.limit + 1}`);
    return keysetPage(rows, page.limit, (r) => r.id);
  }

  get(id: string): Promise<ApiKeyRecord | undefined> {
    return this.ctx.exec.get<ApiKeyRecord>(sql`SELECT ${API_KEY} FROM api_keys WHERE id = ${id}`);
  }

  byHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    return this.ctx.exec.get<ApiKeyRecord>(sql`SELECT ${API_KEY} FROM api_keys WHERE key_hash = ${keyHash} AND revoked_at IS NULL`);
  }

  async create(k: ApiKeyRecord): Promise<void> {
    await this.ctx.exec.run(sql`INSERT INTO api_keys (id, name, prefix, key_hash, scope, created_by, created_at, last_used_at, revoked_at)
      VALUES (${k.id}, ${k.name}, ${k.prefix}, ${k.keyHash}, ${k.scope}, ${k.createdBy}, ${k.createdAt}, ${k.lastUsedAt}, ${k.revokedAt})`);
  }

  async touch(id: string, now: number): Promise<void> {
    await this.ctx.exec.run(sql`UPDATE api_keys SET last_used_at = ${now} WHERE id = ${id}`);
  }

  async revoke(id: string, now: number): Promise<void> {
    await this.ctx.exec.run(sql`UPDATE api_keys SET revoked_at = ${now} WHERE id = ${id} AND revoked_at IS NULL`);
  }
}
