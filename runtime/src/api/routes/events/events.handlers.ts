import type { RouteHandler } from '@hono/zod-openapi';
import type { AppBindings } from '../../app-env.ts';
import type * as routes from './events.routes.ts';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppBindings>;

export const ingest: Handler<'ingest'> = (c) => {
  const { ids, duplicates } = c.get('deps').runtime.ingestEvents([c.req.valid('json')]);
  return c.json({ id: ids[0] ?? null, duplicate: duplicates > 0 }, 202);
};

export const ingestBatch: Handler<'ingestBatch'> = (c) => {
  const { ids, duplicates } = c.get('deps').runtime.ingestEvents(c.req.valid('json').events);
  return c.json({ accepted: ids.length, duplicates, ids }, 202);
};
