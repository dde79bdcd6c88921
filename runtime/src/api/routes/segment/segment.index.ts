import { createMiddleware } from 'hono/factory';
import type { AppBindings } from '../../app-env.ts';
import { createRouter } from '../../create-router.ts';
import * as handlers from './segment.handlers.ts';
import * as routes from './segment.routes.ts';

export const segmentRouter = createRouter()
  .openapi(routes.track, handlers.track)
  .openapi(routes.identify, handlers.identify)
  .openapi(routes.page, handlers.page)
  .openapi(routes.screen, handlers.screen)
  .openapi(routes.group, handlers.group)
  .openapi(routes.alias, handlers.alias)
  .openapi(routes.batch, handlers.batch);

/**
 * Middleware of `/api/v1/*`: every refusal also says `success: false`, as Segment's answers do, beside
 * the API's `error` (which Segment's libraries log).
 */
export function segmentErrorShape() {
  return createMiddleware<AppBindings>(async (c, next) => {
    await next();
    if (c.res.status < 400 || !c.res.headers.get('Content-Type')?.includes('application/json')) return;
    const body = (await c.res.json()) as { error?: unknown };
    const headers = new Headers(c.res.headers);
    headers.delete('Content-Length');
    c.res = new Response(JSON.stringify({ success: false, ...body }), { status: c.res.status, headers });
  });
}
