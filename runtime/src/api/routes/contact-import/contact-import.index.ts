import { createRouter } from '../../create-router.ts';
import * as handlers from './contact-import.handlers.ts';
import * as routes from './contact-import.routes.ts';

export const contactImportRouter = createRouter().openapi(routes.importContacts, handlers.importContacts);
