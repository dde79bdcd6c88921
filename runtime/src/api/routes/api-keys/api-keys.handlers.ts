import type { RouteHandler } from '@hono/zod-openapi';
import { actorId } from '../../../auth/principal.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../../../services/api-keys.ts';
import type { AppBindings } from '../../app-env.ts';
import type * as routes from './api-keys.routes.ts';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppBindings>;

export const list: Handler<'list'> = (c) => c.json(listApiKeys(c.get('deps').store.db, c.req.valid('query')), 200);

export const create: Handler<'create'> = (c) => {
  const { store, runtime } = c.get('deps');
  return c.json(createApiKey(store.db, c.req.valid('json'), actorId(c.get('principal')), runtime.clock.now()), 201);
};

export const revoke: Handler<'revoke'> = (c) => {
  const { store, runtime } = c.get('deps');
  revokeApiKey(store.db, c.req.valid('param').id, runtime.clock.now());
  return c.body(null, 204);
};
