import type { RouteHandler } from '@hono/zod-openapi';
import type { AppBindings } from '../../app-env.ts';
import type * as routes from './metrics.routes.ts';

export const metrics: RouteHandler<typeof routes.metrics, AppBindings> = async (c) => {
  const { metrics: registry } = c.get('guards');
  return c.text(await registry.render(), 200, { 'Content-Type': registry.contentType });
};
