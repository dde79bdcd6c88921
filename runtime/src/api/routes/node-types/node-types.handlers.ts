import type { RouteHandler } from '@hono/zod-openapi';
import { describeNodeType } from '@journey/nodes';
import type { AppBindings } from '../../app-env.ts';
import type * as routes from './node-types.routes.ts';

export const list: RouteHandler<typeof routes.list, AppBindings> = (c) => {
  const { registry } = c.get('deps');
  return c.json({ items: registry.list().map(describeNodeType), nextCursor: null }, 200);
};
