import type { RouteHandler } from '@hono/zod-openapi';
import { decideUnknownMessage, listMessages } from '../../../services/messages.ts';
import type { AppBindings } from '../../app-env.ts';
import type * as routes from './messages.routes.ts';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppBindings>;

export const list: Handler<'list'> = async (c) => c.json(await listMessages(c.get('deps').store, c.req.valid('query')), 200);

export const resend: Handler<'resend'> = async (c) => {
  const { store, runtime } = c.get('deps');
  const message = await decideUnknownMessage(store, c.req.valid('param').id, 'resend', runtime.clock.now());
  runtime.kick();
  return c.json(message, 200);
};

export const drop: Handler<'drop'> = async (c) => {
  const { store, runtime } = c.get('deps');
  return c.json(await decideUnknownMessage(store, c.req.valid('param').id, 'drop', runtime.clock.now()), 200);
};
