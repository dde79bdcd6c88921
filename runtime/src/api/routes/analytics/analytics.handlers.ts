import type { RouteHandler } from '@hono/zod-openapi';
import { goalPortsOf } from '@journey/nodes';
import { butterflyAnalytics } from '../../../butterfly/butterfly-analytics.ts';
import { findJourney } from '../../../services/journeys.ts';
import type { AppBindings } from '../../app-env.ts';
import type * as routes from './analytics.routes.ts';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppBindings>;

export const butterfly: Handler<'butterfly'> = async (c) => {
  const { store, registry } = c.get('deps');
  const { journeyId, orderEvent, from, to } = c.req.valid('query');
  if (journeyId) await findJourney(store, journeyId);
  const goals = goalPortsOf(registry.list());
  const range = { ...(from ? { from: Date.parse(from) } : {}), ...(to ? { to: Date.parse(to) } : {}) };
  return c.json(await butterflyAnalytics(store, { journeyId: journeyId ?? null, goals, range, ...(orderEvent ? { orderEvent } : {}) }), 200);
};

export const listSourceCosts: Handler<'listSourceCosts'> = async (c) => c.json({ items: await c.get('deps').store.butterfly.sourceCosts() }, 200);

export const putSourceCosts: Handler<'putSourceCosts'> = async (c) => {
  const { store, runtime } = c.get('deps');
  await store.butterfly.putSourceCosts(c.req.valid('json').items, runtime.clock.now());
  return c.json({ items: await store.butterfly.sourceCosts() }, 200);
};
