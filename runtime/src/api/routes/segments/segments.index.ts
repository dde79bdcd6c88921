import { createRouter } from '../../create-router.ts';
import * as handlers from './segments.handlers.ts';
import * as routes from './segments.routes.ts';

export const segmentsRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.create, handlers.create)
  .openapi(routes.get, handlers.get)
  .openapi(routes.update, handlers.update)
  .openapi(routes.remove, handlers.remove)
  .openapi(routes.preview, handlers.preview)
  .openapi(routes.previewDraft, handlers.previewDraft)
  .openapi(routes.enroll, handlers.enroll)
  .openapi(routes.enrollments, handlers.enrollments);
