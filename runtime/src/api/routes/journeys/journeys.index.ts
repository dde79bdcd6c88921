import { createRouter } from '../../create-router.ts';
import * as handlers from './journeys.handlers.ts';
import * as routes from './journeys.routes.ts';

export const journeysRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.create, handlers.create)
  .openapi(routes.validate, handlers.validate)
  .openapi(routes.get, handlers.get)
  .openapi(routes.update, handlers.update)
  .openapi(routes.remove, handlers.remove)
  .openapi(routes.publish, handlers.publish)
  .openapi(routes.pause, handlers.pause)
  .openapi(routes.resume, handlers.resume)
  .openapi(routes.versions, handlers.versions)
  .openapi(routes.versionDiff, handlers.versionDiff)
  .openapi(routes.stats, handlers.stats)
  .openapi(routes.runs, handlers.runs)
  .openapi(routes.enroll, handlers.enroll)
  .openapi(routes.simulate, handlers.simulate)
  .openapi(routes.inFlight, handlers.inFlight)
  .openapi(routes.archive, handlers.archive);
