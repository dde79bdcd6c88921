import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import type { Context } from 'hono';
import type { Logger } from 'pino';
import type { AppBindings } from '../api/app-env.ts';
import type { ApiMetrics } from './metrics.ts';

/** The route pattern that answered (`/api/journeys/:id`), so metrics do not grow a label per id. */
function routeOf(c: Context): string {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) {
    if (routes[i]!.method !== 'ALL') return routes[i]!.path;
  }
  return 'unmatched';
}

/**
 * Times every request, counts it in `metrics` and logs one JSON line with its request id
 * (set before this by hono's `requestId` middleware): 5xx at error, the rest at info.
 */
export function observeRequests(logger: Logger, metrics: ApiMetrics) {
  return createMiddleware<AppBindings>(async (c, next) => {
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    const route = routeOf(c);
    const status = c.res.status;
    metrics.observeRequest(c.req.method, route, status, seconds);
    logger[status >= 500 ? 'error' : 'info'](
      { reqId: c.get('requestId'), method: c.req.method, path: c.req.path, status, ms: Math.round(seconds * 1e4) / 10 },
      'request',
    );
  });
}
