import type { RouteHandler } from '@hono/zod-openapi';
import { listMessages } from '../../../services/messages.ts';
import type { AppBindings } from '../../app-env.ts';
import type * as routes from './messages.routes.ts';

export const list: RouteHandler<typeof routes.list, AppBindings> = (c) => {
  return c.json(listMessages(c.get('deps').store.db, c.req.valid('query')), 200);
};
