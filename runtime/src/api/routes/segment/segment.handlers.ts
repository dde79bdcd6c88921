import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { readSegmentMessages, type SegmentMessage } from '../../../trackers/segment-messages.ts';
import type { AppBindings } from '../../app-env.ts';
import { ApiError, zodIssues } from '../../errors.ts';
import { ingestEvents } from '../../ingest-events.ts';
import type * as routes from './segment.routes.ts';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppBindings>;

/** Stores Segment calls as the product's events, all or none; `pathOf` points at a call in the body. */
async function store(c: Context<AppBindings>, messages: SegmentMessage[], sentAt: string | number | undefined, pathOf: (index: number) => (string | number)[]) {
  const read = readSegmentMessages(messages, sentAt, pathOf);
  if (!read.ok) throw new ApiError(400, 'invalid_request', 'The request json is invalid', zodIssues({ issues: read.issues }, 'json'));
  if (read.events.length > 0) await ingestEvents(c, read.events, (i) => [...pathOf(read.indexes[i]!), 'event']);
  return { success: true as const };
}

export const track: Handler<'track'> = async (c) => c.json(await store(c, [{ ...c.req.valid('json'), type: 'track' }], undefined, () => []), 200);
export const identify: Handler<'identify'> = async (c) => c.json(await store(c, [{ ...c.req.valid('json'), type: 'identify' }], undefined, () => []), 200);
export const page: Handler<'page'> = async (c) => c.json(await store(c, [{ ...c.req.valid('json'), type: 'page' }], undefined, () => []), 200);
export const screen: Handler<'screen'> = async (c) => c.json(await store(c, [{ ...c.req.valid('json'), type: 'screen' }], undefined, () => []), 200);
export const group: Handler<'group'> = async (c) => c.json(await store(c, [{ ...c.req.valid('json'), type: 'group' }], undefined, () => []), 200);
export const alias: Handler<'alias'> = async (c) => c.json(await store(c, [{ ...c.req.valid('json'), type: 'alias' }], undefined, () => []), 200);

export const batch: Handler<'batch'> = async (c) => {
  const { batch: messages, sentAt } = c.req.valid('json');
  return c.json(await store(c, messages, sentAt, (index) => ['batch', index]), 200);
};
