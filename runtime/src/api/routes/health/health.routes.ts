import { createRoute, z } from '@hono/zod-openapi';
import { jsonResponse } from '../../schemas.ts';

const healthSchema = z
  .strictObject({
    status: z.enum(['ok', 'degraded', 'down']),
    database: z.strictObject({ ok: z.boolean(), store: z.enum(['sqlite', 'postgres']), error: z.string().optional() }),
    queue: z.strictObject({
      driver: z.enum(['embedded', 'bullmq']),
      redis: z.strictObject({ ok: z.boolean() }).optional().openapi({ description: 'BullMQ only: the Redis connection is up' }),
      leader: z.boolean().optional().openapi({ description: 'BullMQ only: this process runs events, the outbox and the sweeper' }),
      ok: z.boolean(),
      dueRuns: z.number().int(),
      pendingMessages: z.number().int(),
      lagMs: z.number().int().openapi({ description: 'How long the oldest due run has waited' }),
    }),
    plugins: z.strictObject({
      loaded: z.array(
        z.strictObject({
          name: z.string(),
          source: z.string(),
          active: z.boolean().openapi({ description: 'Configured in this deployment; a plugin whose variables are unset loads but stays inactive' }),
          nodeTypes: z.array(z.string()),
          channels: z.array(z.string()),
        }),
      ),
      problems: z
        .array(z.strictObject({ name: z.string(), source: z.string(), code: z.string(), message: z.string() }))
        .openapi({ description: 'Plugins left out at start (a broken package, a clashing name), with why' }),
    }),
    nodeTypes: z.strictObject({
      missing: z
        .array(z.strictObject({ journeyId: z.string(), version: z.number().int(), nodeTypes: z.array(z.string()) }))
        .openapi({ description: 'Live journeys needing node types this process did not load: their runs are left to processes that have them' }),
    }),
  })
  .openapi('Health');

export const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['health'],
  summary: 'Liveness and readiness (database, queue); no auth',
  responses: {
    200: jsonResponse(healthSchema, 'The database answers'),
    503: jsonResponse(healthSchema, 'The database does not answer'),
  },
});
