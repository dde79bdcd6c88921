import { createRouter } from '../../create-router.ts';
import * as handlers from './analytics.handlers.ts';
import * as routes from './analytics.routes.ts';

export const analyticsRouter = createRouter()
  .openapi(routes.butterfly, handlers.butterfly)
  .openapi(routes.listSourceCosts, handlers.listSourceCosts)
  .openapi(routes.putSourceCosts, handlers.putSourceCosts);
