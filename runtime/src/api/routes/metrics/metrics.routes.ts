import { createRoute, z } from '@hono/zod-openapi';
import { allowMetrics } from '../../../auth/middleware.ts';
import { errorResponses } from '../../errors.ts';

export const metrics = createRoute({
  method: 'get',
  path: '/metrics',
  // Served at the server root, where Prometheus looks, not under /api: this operation overrides the
  // document's `/api` server.
  servers: [{ url: '/', description: 'The server root (not /api)' }],
  tags: ['operations'],
  summary: 'Prometheus metrics: requests and latencies by route, events ingested, runs by status, queue depth and lag, outbox pending',
  description: 'Takes `METRICS_TOKEN` as a bearer token, or an admin or operator API key or session.',
  middleware: [allowMetrics()] as const,
  responses: {
    200: {
      description: 'The Prometheus text exposition format (version 0.0.4)',
      content: {
        'text/plain': {
          schema: z.string().openapi({ example: '# TYPE journey_outbox_pending gauge\njourney_outbox_pending 0\n' }),
        },
      },
    },
    ...errorResponses(401, 403),
  },
});
