import type { RouteHandler } from '@hono/zod-openapi';
import { importContacts as importCsv } from '../../../services/contact-import.ts';
import type { AppBindings } from '../../app-env.ts';
import type * as routes from './contact-import.routes.ts';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppBindings>;

export const importContacts: Handler<'importContacts'> = async (c) => {
  const { store, runtime } = c.get('deps');
  const { csv, firstRow } = c.req.valid('json');
  return c.json(await importCsv(store, csv, firstRow, runtime.clock.now()), 200);
};
