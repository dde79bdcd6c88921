import type { RouteHandler } from '@hono/zod-openapi';
import { describeNodeType } from '@journey/nodes';
import { checkNodeConfig } from '../../../services/node-types.ts';
import type { AppBindings } from '../../app-env.ts';
import type * as routes from './node-types.routes.ts';

export const list: RouteHandler<typeof routes.list, AppBindings> = (c) => {
  const { registry } = c.get('deps');
  return c.json({ items: registry.list().map(describeNodeType), nextCursor: null }, 200);
};

export const check: RouteHandler<typeof routes.check, AppBindings> = (c) => {
  const { type, config } = c.req.valid('json');
  return c.json(checkNodeConfig(c.get('deps').registry, type, config), 200);
};
