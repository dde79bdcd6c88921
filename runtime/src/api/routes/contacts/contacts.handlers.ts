import type { RouteHandler } from '@hono/zod-openapi';
import { contactTimeline, getContact, listContacts, upsertContact } from '../../../services/contacts.ts';
import type { AppBindings } from '../../app-env.ts';
import type * as routes from './contacts.routes.ts';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppBindings>;

export const list: Handler<'list'> = async (c) => {
  const { store, runtime } = c.get('deps');
  return c.json(await listContacts(store, c.req.valid('query'), runtime.clock.now()), 200);
};

export const upsert: Handler<'upsert'> = async (c) => {
  const { store, runtime } = c.get('deps');
  const { contact, created } = await upsertContact(store, c.req.valid('json'), runtime.clock.now());
  return created ? c.json(contact, 201) : c.json(contact, 200);
};

export const get: Handler<'get'> = async (c) => c.json(await getContact(c.get('deps').store, c.req.valid('param').id), 200);

export const timeline: Handler<'timeline'> = async (c) =>
  c.json(await contactTimeline(c.get('deps').store, c.req.valid('param').id, c.req.valid('query')), 200);
