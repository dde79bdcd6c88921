import type { RouteHandler } from '@hono/zod-openapi';
import { actorId } from '../../../auth/principal.ts';
import { getWorkspaceSettings, putWorkspaceSettings } from '../../../services/settings.ts';
import type { AppBindings } from '../../app-env.ts';
import type * as routes from './settings.routes.ts';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppBindings>;

export const get: Handler<'get'> = async (c) => c.json(await getWorkspaceSettings(c.get('deps').store), 200);

export const put: Handler<'put'> = async (c) => {
  const { store, runtime } = c.get('deps');
  return c.json(await putWorkspaceSettings(store, runtime, c.req.valid('json'), actorId(c.get('principal')), runtime.clock.now()), 200);
};
