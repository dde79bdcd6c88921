import { createRouter } from '../../create-router.ts';
import * as handlers from './settings.handlers.ts';
import * as routes from './settings.routes.ts';

export const settingsRouter = createRouter().openapi(routes.get, handlers.get).openapi(routes.put, handlers.put);
