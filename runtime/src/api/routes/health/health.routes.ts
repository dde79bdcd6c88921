import { createRoute, z } from '@hono/zod-openapi';
import { jsonResponse } from '../../schemas.ts';

const healthSchema = z
  .strictObject({
    status: z.enum(['ok', 'degraded', 'down']),
    database: z.strictObject({ ok: z.boolean(), error: z.string().optional() }),
    queue: z.strictObject({
      driver: z.enum(['embedded', 'bullmq']),
      redis: z.strictObject({ ok: z.boolean() }).optional().openapi({ description: 'BullMQ only: the Redis connection is up' }),
      leader: z.boolean().optional().openapi({ description: 'BullMQ only: this process runs events, the outbox and the sweeper' }),
      ok: z.boolean(),
      dueRuns: z.number().int(),
      pendingMessages: z.number().int(),
      lagMs: z.number().int().openapi({ description: 'How long the oldest due run has waited' }),
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
