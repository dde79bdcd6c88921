import { createRoute, z } from '@hono/zod-openapi';
import { allow } from '../../../auth/middleware.ts';
import { errorResponses } from '../../errors.ts';
import { jsonBody, jsonResponse } from '../../schemas.ts';

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

const pluginParam = z.strictObject({ plugin: z.string().openapi({ param: { name: 'plugin', in: 'path' }, example: 'sms' }) });

export const settingSchema = z
  .strictObject({
    name: z.string().openapi({ description: 'The variable the plugin reads, e.g. TENCENT_SMS_SDK_APP_ID' }),
    label: localizedSchema,
    secret: z.boolean().openapi({ description: 'Stored encrypted; its value is never returned' }),
    help: localizedSchema.optional(),
    group: localizedSchema.optional(),
    set: z.boolean(),
    source: z
      .enum(['environment', 'saved'])
      .nullable()
      .openapi({ description: "environment: set in the server's environment, which wins (read-only here); saved: set here; null: unset" }),
    value: z.string().optional().openapi({ description: "A non-secret's value; never present for a secret" }),
    problem: z.string().optional().openapi({ description: 'Why a saved secret cannot be read (JOURNEY_SECRETS_KEY changed); the plugin sees it as unset' }),
    updatedAt: z.string().optional(),
  })
  .openapi('IntegrationSetting');

const settingsResponse = jsonResponse(
  z.strictObject({ items: z.array(settingSchema), secretsKey: z.boolean().openapi({ description: 'Whether JOURNEY_SECRETS_KEY is set, so secrets can be saved' }) }),
  "The plugin's settings",
);

export const getSettings = createRoute({
  method: 'get',
  path: '/integrations/{plugin}/settings',
  tags: ['integrations'],
  summary: "A plugin's settings (admins): whether each is set and where from, non-secret values; never a secret, not even in part",
  middleware: [allow('people:manage')] as const,
  request: { params: pluginParam },
  responses: { 200: settingsResponse, ...errorResponses(401, 403, 404) },
});

export const putSettings = createRoute({
  method: 'put',
  path: '/integrations/{plugin}/settings',
  tags: ['integrations'],
  summary:
    "Sets (a string) and clears (null or empty) a plugin's settings (admins), all or none; refused with the setting at fault when the result is misconfigured. Effective at once, in every process within seconds",
  middleware: [allow('people:manage')] as const,
  request: {
    params: pluginParam,
    body: jsonBody(z.strictObject({ values: z.record(z.string(), z.string().max(10_000).nullable()).openapi({ example: { TENCENT_SMS_SDK_APP_ID: '1400000000', TENCENT_SMS_SECRET_KEY: null } }) })),
  },
  responses: { 200: settingsResponse, ...errorResponses(400, 401, 403, 404, 413, 415) },
});
