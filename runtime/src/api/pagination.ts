import { z } from '@hono/zod-openapi';
import { ApiError } from './errors.ts';

/** `?limit=` (default 50, max 500) and the opaque `?cursor=` every list takes. */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50).openapi({ example: 50 }),
  cursor: z.string().max(500).optional().openapi({ description: 'nextCursor of the previous page' }),
});

/** `{ items, nextCursor }`: the shape of every list. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** The sort key a cursor carries; an unreadable cursor is the caller's mistake (400). */
export function decodeCursor(cursor: string | undefined, kind: 'string'): string | undefined;
export function decodeCursor(cursor: string | undefined, kind: 'number'): number | undefined;
export function decodeCursor(cursor: string | undefined, kind: 'string' | 'number'): string | number | undefined {
  if (cursor === undefined) return undefined;
  try {
    const { k } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: unknown };
    if (typeof k === kind && (typeof k === 'string' || Number.isFinite(k))) return k as string | number;
  } catch {
    // falls through to the refusal
  }
  throw new ApiError(400, 'invalid_cursor', 'The cursor is not one this server gave out', [{ in: 'query', path: ['cursor'] }]);
}

/**
 * Cuts `rows` (fetched with `limit + 1`) to a page and makes the cursor of the next one from the
 * last row's sort key.
 *
 * @example
 * ```ts
 * const rows = query.where(after ? lt(t.id, after) : undefined).limit(limit + 1).all();
 * return page(rows, limit, (r) => r.id);
 * ```
 */
export function page<T>(rows: T[], limit: number, keyOf: (row: T) => string | number): { items: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, limit);
  const k = keyOf(items[items.length - 1]!);
  return { items, nextCursor: Buffer.from(JSON.stringify({ k }), 'utf8').toString('base64url') };
}
