import type { RouteHandler } from '@hono/zod-openapi';
import type { AppBindings } from '../../app-env.ts';
import { ingestEvents } from '../../ingest-events.ts';
import type * as routes from './events.routes.ts';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppBindings>;

export const ingestOne: Handler<'ingestOne'> = async (c) => {
  const { ids, duplicates } = await ingestEvents(c, [c.req.valid('json')], () => ['type']);
  return c.json({ id: ids[0] ?? null, duplicate: duplicates > 0 }, 202);
};

/** The 500 most frequent event types. */
export const types: Handler<'types'> = async (c) => c.json({ items: await c.get('deps').store.events.typeCounts(500) }, 200);

export const ingestBatch: Handler<'ingestBatch'> = async (c) => {
  const { ids, duplicates } = await ingestEvents(c, c.req.valid('json').events, (index) => ['events', index, 'type']);
  return c.json({ accepted: ids.length, duplicates, ids }, 202);
};
