import { createRoute, z } from '@hono/zod-openapi';
import { workspaceSettingsSchema } from '@journey/nodes';
import { allow } from '../../../auth/middleware.ts';
import { errorResponses } from '../../errors.ts';
import { jsonBody, jsonResponse } from '../../schemas.ts';

const tags = ['settings'];

const settingsSchema = z
  .strictObject({
    frequencyCap: z.strictObject({
      rules: z.array(z.strictObject({ channels: z.array(z.string()), max: z.number().int(), perHours: z.number().int() })),
    }),
    updatedAt: z.string().nullable(),
    updatedBy: z.string().nullable().openapi({ description: 'The user (or API key) that saved them last' }),
  })
  .openapi('WorkspaceSettings');

export const get = createRoute({
  method: 'get',
  path: '/settings',
  tags,
  summary: 'The workspace settings: the frequency cap over every journey',
  middleware: [allow('read')] as const,
  responses: { 200: jsonResponse(settingsSchema, 'The workspace settings'), ...errorResponses(401, 403) },
});

export const put = createRoute({
  method: 'put',
  path: '/settings',
  tags,
  summary:
    'Replaces the workspace settings (admins). Each frequency-cap rule lets a contact receive at most `max` marketing messages on `channels` (together; empty = every channel) in any `perHours` window, counting every journey; a message over a rule waits for the first allowed moment',
  middleware: [allow('people:manage')] as const,
  request: { body: jsonBody(workspaceSettingsSchema) },
  responses: { 200: jsonResponse(settingsSchema, 'The saved settings'), ...errorResponses(400, 401, 403, 413, 415) },
});
