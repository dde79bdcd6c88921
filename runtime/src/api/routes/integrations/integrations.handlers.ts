import type { RouteHandler } from '@hono/zod-openapi';
import type { AppBindings } from '../../app-env.ts';
import type * as routes from './integrations.routes.ts';

export const list: RouteHandler<typeof routes.list, AppBindings> = async (c) => {
  return c.json({ items: await c.get('deps').runtime.plugins.report() }, 200);
};
