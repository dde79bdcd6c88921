import type { RouteHandler } from '@hono/zod-openapi';
import { membershipPlans } from '@journey/db';
import { eq } from 'drizzle-orm';
import type { AppBindings } from '../../app-env.ts';
import type * as routes from './plans.routes.ts';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppBindings>;

const columns = {
  id: membershipPlans.id,
  name: membershipPlans.name,
  kind: membershipPlans.kind,
  price: membershipPlans.price,
  currency: membershipPlans.currency,
  tier: membershipPlans.tier,
  durationDays: membershipPlans.durationDays,
  benefits: membershipPlans.benefits,
  bonus: membershipPlans.bonus,
  archived: membershipPlans.archived,
};

export const list: Handler<'list'> = (c) =>
  c.json({ items: c.get('deps').store.db.select(columns).from(membershipPlans).orderBy(membershipPlans.id).all() }, 200);

export const upsert: Handler<'upsert'> = (c) => {
  const { store, runtime } = c.get('deps');
  const now = runtime.clock.now();
  const input = c.req.valid('json');
  const values = { ...input, tier: input.tier ?? null, durationDays: input.durationDays ?? null, updatedAt: now };
  store.db.insert(membershipPlans).values({ ...values, createdAt: now }).onConflictDoUpdate({ target: membershipPlans.id, set: values }).run();
  return c.json(store.db.select(columns).from(membershipPlans).where(eq(membershipPlans.id, input.id)).get()!, 200);
};
