import type { RouteHandler } from '@hono/zod-openapi';
import type { AppBindings } from '../../app-env.ts';
import { ApiError } from '../../errors.ts';
import type * as routes from './channels.routes.ts';

export const templates: RouteHandler<typeof routes.templates, AppBindings> = async (c) => {
  const { channel } = c.req.valid('param');
  const answer = await c.get('deps').runtime.plugins.templates(channel);
  switch (answer.found) {
    case 'templates':
      return c.json({ items: answer.items }, 200);
    case 'unknown_channel':
      throw new ApiError(404, 'not_found', `No channel ${channel}`);
    case 'not_configured':
      throw new ApiError(503, 'integration_not_configured', `The ${answer.plugin} integration is not configured on this server`);
    case 'carrier_error':
      throw new ApiError(502, 'carrier_unavailable', `The ${answer.plugin} carrier could not list its templates: ${answer.message}`);
  }
};
