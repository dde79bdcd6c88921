import { createRouter } from '../../create-router.ts';
import * as handlers from './runs.handlers.ts';
import * as routes from './runs.routes.ts';

export const runsRouter = createRouter()
  .openapi(routes.get, handlers.get)
  .openapi(routes.retry, handlers.retry)
  .openapi(routes.skip, handlers.skip);
