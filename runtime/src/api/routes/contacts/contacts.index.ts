import { createRouter } from '../../create-router.ts';
import * as handlers from './contacts.handlers.ts';
import * as routes from './contacts.routes.ts';

export const contactsRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.upsert, handlers.upsert)
  .openapi(routes.get, handlers.get)
  .openapi(routes.timeline, handlers.timeline);
