import type { Context } from 'hono';
import { can, type Principal } from '../auth/principal.ts';
import { COMMERCE_EVENT_TYPES } from '../butterfly/butterfly-hooks.ts';
import type { ParsedEventInput } from '../runtime-contract.ts';
import type { AppBindings } from './app-env.ts';
import { ApiError, tooManyRequests } from './errors.ts';

/** The JSON path of the field that names event `index`'s type in the request (for a 403 naming each refused event). */
export type EventPathOf = (index: number) => (string | number)[];

/** Refuses commerce events from a caller without the commerce grant (403), naming each at fault. */
function checkCommerce(principal: Principal, events: readonly ParsedEventInput[], pathOf: EventPathOf) {
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

/**
 * The one way the API stores events, whatever their wire format (`POST /api/events`, Segment, Sensors
 * Data): refuses commerce events from keys without the grant (403), spends one token per event from the
 * caller's bucket (429 when empty), then stores them through the runtime.
 */
export async function ingestEvents(c: Context<AppBindings>, events: ParsedEventInput[], pathOf: EventPathOf) {
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
