import { createRouter } from '../../create-router.ts';
import * as handlers from './channels.handlers.ts';
import * as routes from './channels.routes.ts';

export const channelsRouter = createRouter().openapi(routes.templates, handlers.templates);
