import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { can, type Principal } from '../../../auth/principal.ts';
import { COMMERCE_EVENT_TYPES } from '../../../butterfly/butterfly-hooks.ts';
import type { ParsedEventInput } from '../../../runtime-contract.ts';
import type { AppBindings } from '../../app-env.ts';
import { ApiError, tooManyRequests } from '../../errors.ts';
import type * as routes from './events.routes.ts';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppBindings>;

/** Refuses commerce events from a caller without the commerce grant (403), naming each at fault. */
function checkCommerce(principal: Principal, events: ParsedEventInput[], pathOf: (index: number) => (string | number)[]) {
  if (can(principal, 'events:commerce')) return;
  const refused = events.flatMap((event, index) => (COMMERCE_EVENT_TYPES.has(event.type) ? [{ in: 'json' as const, path: pathOf(index) }] : []));
  if (refused.length > 0) {
    throw new ApiError(
      403,
      'commerce_scope_required',
      'Purchases, top-ups, spends and redemptions come from your server: send them with an API key of scope commerce',
      refused,
    );
  }
}

/** Spends one token per event from the caller's bucket (429 when empty), then stores the events. */
async function ingest(c: Context<AppBindings>, events: ParsedEventInput[], pathOf: (index: number) => (string | number)[]) {
  const { runtime } = c.get('deps');
  const { ingest: buckets, metrics } = c.get('guards');
  const principal = c.get('principal');
  checkCommerce(principal, events, pathOf);
  if (buckets) {
    const key = principal.kind === 'session' ? `user:${principal.userId}` : `key:${principal.keyId ?? 'ADMIN_API_KEY'}`;
    const wait = await buckets.take(key, events.length, runtime.clock.now());
    if (wait > 0) throw tooManyRequests('rate_limited', 'This key sends events faster than its limit; retry after the delay', wait);
  }
  const result = await runtime.ingestEvents(events);
  metrics.eventsIngested(result.ids.length, result.duplicates);
  return result;
}

export const ingestOne: Handler<'ingestOne'> = async (c) => {
  const { ids, duplicates } = await ingest(c, [c.req.valid('json')], () => ['type']);
  return c.json({ id: ids[0] ?? null, duplicate: duplicates > 0 }, 202);
};

/** The 500 most frequent event types. */
export const types: Handler<'types'> = async (c) => c.json({ items: await c.get('deps').store.events.typeCounts(500) }, 200);

export const ingestBatch: Handler<'ingestBatch'> = async (c) => {
  const { ids, duplicates } = await ingest(c, c.req.valid('json').events, (index) => ['events', index, 'type']);
  return c.json({ accepted: ids.length, duplicates, ids }, 202);
};
