import { createRoute, z } from '@hono/zod-openapi';
import { REENTRY_MODES, STAGES } from '@journey/nodes';
import { allow } from '../../../auth/middleware.ts';
import { errorResponses } from '../../errors.ts';
import { jsonBody, jsonResponse } from '../../schemas.ts';

const localizedSchema = z.strictObject({ 'zh-CN': z.string(), en: z.string() });

const configField = z.strictObject({ field: z.string() });

const triggerSchema = z
  .strictObject({
    event: z.union([configField, z.strictObject({ type: z.string() })]),
    sources: z.strictObject({ field: z.string(), property: z.string().optional() }).optional(),
    reentry: z.union([configField, z.strictObject({ mode: z.enum(REENTRY_MODES) })]).optional(),
  })
  .openapi('NodeTrigger', { description: 'Makes the node an entry: each part names the config field holding it, or fixes it' });

export const nodeTypeSchema = z
  .strictObject({
    type: z.string(),
    stage: z.enum(STAGES),
    title: localizedSchema,
    description: localizedSchema,
    icon: z.string(),
    ports: z.union([z.array(z.string()), z.strictObject({ fromConfig: z.string() })]),
    portTitles: z.record(z.string(), localizedSchema),
    waits: z.boolean().openapi({ description: 'The node parks runs until a time or an event' }),
    trigger: triggerSchema.nullable(),
    goal: z
      .union([z.literal(true), z.strictObject({ ports: z.array(z.string()) })])
      .nullable()
      .openapi({ description: 'Leaving the node counts as a conversion: by any port (true) or by the listed ones' }),
    summaryTemplate: localizedSchema.nullable().openapi({
      description:
        "The node card's one line: a logic-less template over the config per language: {{field}}, {{label field}}, {{duration field}}, {{host field}}, sections {{?field}}…{{/field}}, {{^field}}…{{/field}}, {{#list}}…{{/list}}",
    }),
    configSchema: z
      .record(z.string(), z.unknown())
      .openapi({ description: 'JSON Schema of the node config; enum fields carry their option labels as x-option-titles: { value: { zh-CN, en } }' }),
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
    200: jsonResponse(z.strictObject({ items: z.array(nodeTypeSchema), nextCursor: z.null() }), 'Every registered node type'),
    ...errorResponses(401, 403),
  },
});

const issueSchema = z.strictObject({
  path: z.array(z.union([z.string(), z.number()])).openapi({ description: 'Where in the config, e.g. ["rules", 0, "tag"]' }),
  message: localizedSchema,
});

export const check = createRoute({
  method: 'post',
  path: '/node-types/check',
  tags: ['node-types'],
  summary: "Checks one node's config with its type's schema",
  description:
    'What publishing would say about the config, refinements included, for any registered node type (plugins too), so an editor can show it while the config is typed. Changes nothing.',
  middleware: [allow('read')] as const,
  request: {
    body: jsonBody(z.strictObject({ type: z.string().min(1).max(81), config: z.unknown().openapi({ description: 'The node config as edited' }) })),
  },
  responses: {
    200: jsonResponse(
      z.strictObject({
        valid: z.boolean(),
        config: z.unknown().openapi({ description: 'The config with defaults applied, or null when invalid' }),
        issues: z.array(issueSchema),
      }),
      'The outcome',
    ),
    ...errorResponses(400, 401, 403, 404, 413),
  },
});
