import { createRoute, z } from '@hono/zod-openapi';
import { allow } from '../../../auth/middleware.ts';
import { errorResponses } from '../../errors.ts';
import { jsonResponse } from '../../schemas.ts';

const localizedSchema = z.strictObject({ 'zh-CN': z.string(), en: z.string() });

export const integrationSchema = z
  .strictObject({
    name: z.string(),
    title: localizedSchema,
    configured: z.boolean().openapi({ description: "Whether the deployment set the plugin's variables; an unconfigured plugin stays inactive" }),
    serves: z.array(z.string()).openapi({ description: 'Built-in channels it delivers while configured (e.g. wecom_private)' }),
    status: z.strictObject({
      active: z.boolean(),
      items: z.array(
        z.strictObject({
          key: z.string(),
          label: localizedSchema,
          value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
          kind: z.enum(['text', 'time', 'flag']).optional(),
        }),
      ),
    }),
  })
  .openapi('Integration');

export const list = createRoute({
  method: 'get',
  path: '/integrations',
  tags: ['integrations'],
  summary: 'The plugins of this deployment and their status (token obtained, callback verified, …); never secrets',
  middleware: [allow('people:manage')] as const,
  responses: { 200: jsonResponse(z.strictObject({ items: z.array(integrationSchema) }), 'Every loaded plugin'), ...errorResponses(401, 403) },
});
