import { createRouter } from '../../create-router.ts';
import * as handlers from './sensors.handlers.ts';
import * as routes from './sensors.routes.ts';

export const sensorsRouter = createRouter().openapi(routes.ingest, handlers.ingest);
