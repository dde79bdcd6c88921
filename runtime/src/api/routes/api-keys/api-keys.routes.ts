import { createRoute, z } from '@hono/zod-openapi';
import { API_KEY_SCOPES } from '@journey/db';
import { allow } from '../../../auth/middleware.ts';
import { errorResponses } from '../../errors.ts';
import { pageQuerySchema, pageSchema } from '../../pagination.ts';
import { idParamSchema, jsonBody, jsonResponse } from '../../schemas.ts';

const tags = ['api-keys'];

const apiKeySchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    prefix: z.string().openapi({ description: 'The first characters of the key, to recognise it' }),
    scope: z.enum(API_KEY_SCOPES).openapi({ description: '`ingest` may only send events; a role grants what that role may do' }),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable().openapi({ description: 'Updated at most once a minute' }),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiKey');

export const list = createRoute({
  method: 'get',
  path: '/api-keys',
  tags,
  summary: 'API keys, newest first, revoked ones included (admins only)',
  middleware: [allow('people:manage')] as const,
  request: { query: pageQuerySchema },
  responses: { 200: jsonResponse(pageSchema(apiKeySchema), 'A page of API keys'), ...errorResponses(400, 401, 403) },
});

export const create = createRoute({
  method: 'post',
  path: '/api-keys',
  tags,
  summary: 'Creates an API key; the key is in this answer only (it is stored hashed)',
  middleware: [allow('people:manage')] as const,
  request: { body: jsonBody(z.strictObject({ name: z.string().trim().min(1).max(200), scope: z.enum(API_KEY_SCOPES) })) },
  responses: {
    201: jsonResponse(
      z.strictObject({ apiKey: apiKeySchema, key: z.string().openapi({ description: 'Send as Authorization: Bearer <key>; shown once' }) }),
      'Created',
    ),
    ...errorResponses(400, 401, 403, 413, 415),
  },
});

export const revoke = createRoute({
  method: 'delete',
  path: '/api-keys/{id}',
  tags,
  summary: 'Revokes an API key: it stops working at once',
  middleware: [allow('people:manage')] as const,
  request: { params: idParamSchema },
  responses: { 204: { description: 'Revoked' }, ...errorResponses(401, 403, 404) },
});
