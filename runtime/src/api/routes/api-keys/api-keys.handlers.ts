import type { RouteHandler } from '@hono/zod-openapi';
import { actorId } from '../../../auth/principal.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../../../services/api-keys.ts';
import type { AppBindings } from '../../app-env.ts';
import type * as routes from './api-keys.routes.ts';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppBindings>;

export const list: Handler<'list'> = async (c) => c.json(await listApiKeys(c.get('deps').store, c.req.valid('query')), 200);

export const create: Handler<'create'> = async (c) => {
  const { store, runtime } = c.get('deps');
  return c.json(await createApiKey(store, c.req.valid('json'), actorId(c.get('principal')), runtime.clock.now()), 201);
};

export const revoke: Handler<'revoke'> = async (c) => {
  const { store, runtime } = c.get('deps');
  await revokeApiKey(store, c.req.valid('param').id, runtime.clock.now());
  return c.body(null, 204);
};
