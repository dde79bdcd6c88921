import type { RouteHandler } from '@hono/zod-openapi';
import { createUser, deleteUser, listUsers, updateUser } from '../../../services/users.ts';
import type { AppBindings } from '../../app-env.ts';
import type * as routes from './users.routes.ts';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppBindings>;

export const list: Handler<'list'> = async (c) => c.json(await listUsers(c.get('deps').store, c.req.valid('query')), 200);

export const create: Handler<'create'> = async (c) => {
  const { store, runtime } = c.get('deps');
  return c.json(await createUser(store, c.req.valid('json'), runtime.clock.now()), 201);
};

export const update: Handler<'update'> = async (c) => {
  const { store, runtime } = c.get('deps');
  return c.json(await updateUser(store, c.req.valid('param').id, c.req.valid('json'), runtime.clock.now()), 200);
};

export const remove: Handler<'remove'> = async (c) => {
  await deleteUser(c.get('deps').store, c.req.valid('param').id);
  return c.body(null, 204);
};
