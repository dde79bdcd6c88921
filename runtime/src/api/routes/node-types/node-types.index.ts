import { createRouter } from '../../create-router.ts';
import * as handlers from './node-types.handlers.ts';
import * as routes from './node-types.routes.ts';

export const nodeTypesRouter = createRouter().openapi(routes.list, handlers.list).openapi(routes.check, handlers.check);
