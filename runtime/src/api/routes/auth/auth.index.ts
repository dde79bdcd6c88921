import { createRouter } from '../../create-router.ts';
import * as handlers from './auth.handlers.ts';
import * as routes from './auth.routes.ts';

export const authRouter = createRouter()
  .openapi(routes.login, handlers.login)
  .openapi(routes.logout, handlers.logout)
  .openapi(routes.me, handlers.me)
  .openapi(routes.updateMe, handlers.updateMe)
  .openapi(routes.changePassword, handlers.changePassword);
