import { createRouter } from '../../create-router.ts';
import * as handlers from './events.handlers.ts';
import * as routes from './events.routes.ts';

export const eventsRouter = createRouter()
  .openapi(routes.ingestOne, handlers.ingestOne)
  .openapi(routes.ingestBatch, handlers.ingestBatch)
  .openapi(routes.types, handlers.types);
