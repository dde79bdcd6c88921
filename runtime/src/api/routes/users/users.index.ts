import { createRouter } from '../../create-router.ts';
import * as handlers from './users.handlers.ts';
import * as routes from './users.routes.ts';

export const usersRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.create, handlers.create)
  .openapi(routes.update, handlers.update)
  .openapi(routes.remove, handlers.remove);
