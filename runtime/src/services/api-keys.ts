import { newId, type ApiKeyRecord, type ApiKeyScope, type Repositories } from '@journey/db';
import { NotFound } from '../domain-errors.ts';
import { randomSecret } from '../auth/password.ts';
import { sha256 } from '../auth/tokens.ts';
import { listPage, type ListQuery } from './list-page.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** An API key as the API shows it: never the key, only its first characters to recognise it. */
export function toApiKeyView(row: ApiKeyRecord) {
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
export function listApiKeys(db: Repositories, query: ListQuery) {
  return listPage(query, 'string', (page) => db.apiKeys.list(page), toApiKeyView);
}

/**
 * Creates a key (`jk_` and 43 random characters) and stores only its SHA-256; the key itself is
 * returned once, here.
 */
export async function createApiKey(db: Repositories, input: { name: string; scope: ApiKeyScope }, createdBy: string | null, now: number) {
  const key = `jk_${randomSecret(32)}`;
  const record: ApiKeyRecord = {
    id: newId('key'),
    name: input.name,
    prefix: key.slice(0, 10),
    keyHash: sha256(key),
    scope: input.scope,
    createdBy,
    createdAt: now,
    lastUsedAt: null,
    revokedAt: null,
  };
  await db.apiKeys.create(record);
  return { apiKey: toApiKeyView(record), key };
}

/** Revokes a key from now on; revoking it again changes nothing. */
export async function revokeApiKey(db: Repositories, id: string, now: number): Promise<void> {
  if (!(await db.apiKeys.get(id))) throw new NotFound('API key', id);
  await db.apiKeys.revoke(id, now);
}
