import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { allow } from '../../../auth/middleware.ts';
import type { HostedRoute } from '../../../plugins/plugin-host.ts';
import type { AppBindings } from '../../app-env.ts';
import { createRouter } from '../../create-router.ts';
import { ApiError } from '../../errors.ts';
import * as handlers from './integrations.handlers.ts';
import * as routes from './integrations.routes.ts';

export const integrationsRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.getSettings, handlers.getSettings)
  .openapi(routes.putSettings, handlers.putSettings);

/** What each access kind of a plugin route asks of its caller. */
const ROUTE_PERMISSIONS = { admin: 'people:manage', read: 'read', ingest: 'events:write' } as const;

/**
 * Mounts the plugins' own routes on `app` at their full paths (`/api/integrations/<plugin>/…`), each
 * described in the OpenAPI document of `api`: public ones pass without sign-in (the plugin checks the
 * caller), the others need an admin, anyone signed in, or whoever may send events; a plugin that is not configured answers 503.
 *
 * @example
 * ```ts
 * mountPluginRoutes(app, api, runtime.plugins.routes());
 * ```
 */
export function mountPluginRoutes(app: OpenAPIHono<AppBindings>, api: OpenAPIHono<AppBindings>, hosted: readonly HostedRoute[]): void {
  for (const { plugin, path, route, active, services } of hosted) {
    const handler = async (c: Context<AppBindings>) => {
      if (!active()) throw new ApiError(503, 'integration_not_configured', `The ${plugin} integration is not configured on this server`);
      // Middleware may have read the body already (Hono keeps it): the plugin gets a request it can read.
      const raw = c.req.raw;
      const request = raw.method === 'GET' || raw.method === 'HEAD' ? raw : new Request(raw.url, { method: raw.method, headers: raw.headers, body: await c.req.arrayBuffer() });
      return route.handle(request, { services, params: c.req.param() as Record<string, string> });
    };
    if (route.access === 'public') app.on(route.method, path, handler);
    else app.on(route.method, path, allow(ROUTE_PERMISSIONS[route.access]), handler);
    api.openAPIRegistry.registerPath({
      method: route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete',
      path: path.replace(/^\/api/, '').replace(/:([A-Za-z0-9_]+)/g, '{$1}'),
      tags: ['integrations'],
      summary: route.summary ?? `${plugin}: ${route.method} ${route.path}`,
      ...(route.access === 'public' ? { security: [] } : {}),
      responses: {
        200: { description: 'Answered by the plugin' },
        503: { description: 'The plugin is not configured on this server' },
      },
    });
  }
}

/** The plugins' public routes, which pass without sign-in. */
export function publicPluginPaths(hosted: readonly HostedRoute[]): string[] {
  return hosted.filter((h) => h.route.access === 'public').map((h) => h.path);
}
