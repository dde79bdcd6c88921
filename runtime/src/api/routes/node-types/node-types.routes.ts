import { createRoute, z } from '@hono/zod-openapi';
import { STAGES } from '@journey/nodes';
import { allow } from '../../../auth/middleware.ts';
import { errorResponses } from '../../errors.ts';
import { jsonResponse } from '../../schemas.ts';

const localizedSchema = z.object({ 'zh-CN': z.string(), en: z.string() });

export const nodeTypeSchema = z
  .object({
    type: z.string(),
    stage: z.enum(STAGES),
    title: localizedSchema,
    description: localizedSchema,
    icon: z.string(),
    ports: z.union([z.array(z.string()), z.object({ fromConfig: z.string() })]),
    portTitles: z.record(z.string(), localizedSchema),
    waits: z.boolean(),
    configSchema: z.record(z.string(), z.unknown()).openapi({ description: 'JSON Schema of the node config' }),
    defaultConfig: z.unknown(),
  })
  .openapi('NodeType');

export const list = createRoute({
  method: 'get',
  path: '/node-types',
  tags: ['node-types'],
  summary: 'The node library',
  middleware: [allow('read')] as const,
  responses: {
    200: jsonResponse(z.object({ items: z.array(nodeTypeSchema), nextCursor: z.null() }), 'Every registered node type'),
    ...errorResponses(401, 403),
  },
});
