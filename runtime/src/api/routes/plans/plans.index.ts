import { createRouter } from '../../create-router.ts';
import * as handlers from './plans.handlers.ts';
import * as routes from './plans.routes.ts';

export const plansRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.upsert, handlers.upsert)
  .openapi(routes.archive, handlers.archive)
  .openapi(routes.restore, handlers.restore);
