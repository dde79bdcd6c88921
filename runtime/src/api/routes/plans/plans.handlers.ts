import type { RouteHandler } from '@hono/zod-openapi';
import { NotFound } from '../../../domain-errors.ts';
import type { AppBindings } from '../../app-env.ts';
import type * as routes from './plans.routes.ts';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppBindings>;

export const list: Handler<'list'> = async (c) => c.json({ items: await c.get('deps').store.butterfly.plans() }, 200);

export const upsert: Handler<'upsert'> = async (c) => {
  const { store, runtime } = c.get('deps');
  const input = c.req.valid('json');
  const plan = await store.butterfly.upsertPlan({ ...input, tier: input.tier ?? null, durationDays: input.durationDays ?? null }, runtime.clock.now());
  return c.json(plan, 200);
};

const setArchived = (archived: boolean): Handler<'archive' | 'restore'> => async (c) => {
  const { store, runtime } = c.get('deps');
  const { id } = c.req.valid('param');
  const plan = await store.butterfly.setPlanArchived(id, archived, runtime.clock.now());
  if (!plan) throw new NotFound('Plan', id);
  return c.json(plan, 200);
};

export const archive = setArchived(true);
export const restore = setArchived(false);
