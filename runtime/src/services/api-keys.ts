import { apiKeys, newId, type ApiKeyScope, type Db } from '@journey/db';
import { desc, eq, lt } from 'drizzle-orm';
import { notFound } from '../api/errors.ts';
import { decodeCursor, page } from '../api/pagination.ts';
import { randomSecret } from '../auth/password.ts';
import { sha256 } from '../auth/tokens.ts';

type ApiKeyRow = typeof apiKeys.$inferSelect;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** An API key as the API shows it: never the key, only its first characters to recognise it. */
export function toApiKeyView(row: ApiKeyRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scope: row.scope,
    createdBy: row.createdBy,
    createdAt: iso(row.createdAt)!,
    lastUsedAt: iso(row.lastUsedAt),
    revokedAt: iso(row.revokedAt),
  };
}

/** API keys, newest first, revoked ones included. */
export function listApiKeys(db: Db, query: { limit: number; cursor?: string | undefined }) {
  const before = decodeCursor(query.cursor, 'string');
  const rows = db
    .select()
    .from(apiKeys)
    .where(before ? lt(apiKeys.id, before) : undefined)
    .orderBy(desc(apiKeys.id))
    .limit(query.limit + 1)
    .all();
  const { items, nextCursor } = page(rows, query.limit, (r) => r.id);
  return { items: items.map(toApiKeyView), nextCursor };
}

/**
 * Creates a key (`jk_` and 43 random characters) and stores only its SHA-256; the key itself is
 * returned once, here.
 */
export function createApiKey(db: Db, input: { name: string; scope: ApiKeyScope }, createdBy: string | null, now: number) {
  const key = `jk_${randomSecret(32)}`;
  const row = db
    .insert(apiKeys)
    .values({ id: newId('key'), name: input.name, prefix: key.slice(0, 10), keyHash: sha256(key), scope: input.scope, createdBy, createdAt: now })
    .returning()
    .get();
  return { apiKey: toApiKeyView(row), key };
}

/** Revokes a key from now on; revoking it again changes nothing. */
export function revokeApiKey(db: Db, id: string, now: number) {
  const row = db.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
  if (!row) throw notFound('API key', id);
  if (row.revokedAt === null) db.update(apiKeys).set({ revokedAt: now }).where(eq(apiKeys.id, id)).run();
}
