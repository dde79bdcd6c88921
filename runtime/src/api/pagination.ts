import { z } from '@hono/zod-openapi';

/** `?limit=` (default 50, max 500) and the opaque `?cursor=` every list takes. */
export const pageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50).openapi({ example: 50 }),
  cursor: z.string().max(500).optional().openapi({ description: 'nextCursor of the previous page' }),
});

/** `{ items, nextCursor }`: the shape of every list. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.strictObject({ items: z.array(item), nextCursor: z.string().nullable() });
}
