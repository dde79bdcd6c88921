import { createRouter } from '../../create-router.ts';
import * as handlers from './messages.handlers.ts';
import * as routes from './messages.routes.ts';

export const messagesRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.resend, handlers.resend)
  .openapi(routes.drop, handlers.drop);
