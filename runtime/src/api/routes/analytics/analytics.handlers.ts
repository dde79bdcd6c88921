import type { RouteHandler } from '@hono/zod-openapi';
import { journeys, sourceCosts } from '@journey/db';
import { eq, sql } from 'drizzle-orm';
import { butterflyAnalytics } from '../../../butterfly/butterfly-analytics.ts';
import type { AppBindings } from '../../app-env.ts';
import { ApiError } from '../../errors.ts';
import type * as routes from './analytics.routes.ts';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppBindings>;

export const butterfly: Handler<'butterfly'> = (c) => {
  const { store } = c.get('deps');
  const { journeyId, orderEvent } = c.req.valid('query');
  if (journeyId && !store.db.select({ id: journeys.id }).from(journeys).where(eq(journeys.id, journeyId)).get()) {
    throw new ApiError(404, 'not_found', `No journey ${journeyId}`);
  }
  return c.json(butterflyAnalytics(store, { journeyId: journeyId ?? null, ...(orderEvent ? { orderEvent } : {}) }), 200);
};

const costs = (c: Parameters<Handler<'listSourceCosts'>>[0]) =>
  c.get('deps').store.db.select({ source: sourceCosts.source, cost: sourceCosts.cost, currency: sourceCosts.currency }).from(sourceCosts).orderBy(sourceCosts.source).all();

export const listSourceCosts: Handler<'listSourceCosts'> = (c) => c.json({ items: costs(c) }, 200);

export const putSourceCosts: Handler<'putSourceCosts'> = (c) => {
  const { store, runtime } = c.get('deps');
  const now = runtime.clock.now();
  const items = c.req.valid('json').items;
  if (items.length > 0) {
    store.db
      .insert(sourceCosts)
      .values(items.map((i) => ({ ...i, updatedAt: now })))
      .onConflictDoUpdate({ target: sourceCosts.source, set: { cost: sql`excluded.cost`, currency: sql`excluded.currency`, updatedAt: now } })
      .run();
  }
  return c.json({ items: costs(c) }, 200);
};
