import type { RouteHandler } from '@hono/zod-openapi';
import { listMessages } from '../../../services/messages.ts';
import type { AppBindings } from '../../app-env.ts';
import type * as routes from './messages.routes.ts';

export const list: RouteHandler<typeof routes.list, AppBindings> = async (c) => c.json(await listMessages(c.get('deps').store, c.req.valid('query')), 200);
