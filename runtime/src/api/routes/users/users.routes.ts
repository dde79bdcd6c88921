import { createRoute, z } from '@hono/zod-openapi';
import { ROLES } from '@journey/db';
import { allow } from '../../../auth/middleware.ts';
import { LOCALES } from '../../../services/users.ts';
import { errorResponses } from '../../errors.ts';
import { pageQuerySchema, pageSchema } from '../../pagination.ts';
import { idParamSchema, jsonBody, jsonResponse, passwordSchema, userSchema } from '../../schemas.ts';

const tags = ['users'];

const userWithPasswordSchema = z
  .strictObject({
    user: userSchema,
    generatedPassword: z
      .string()
      .nullable()
      .openapi({ description: 'Set when the server generated the password: it is shown this once only' }),
  })
  .openapi('UserWithPassword');

export const list = createRoute({
  method: 'get',
  path: '/users',
  tags,
  summary: 'Users, newest first (admins only)',
  middleware: [allow('people:manage')] as const,
  request: { query: pageQuerySchema.extend({ role: z.enum(ROLES).optional() }) },
  responses: { 200: jsonResponse(pageSchema(userSchema), 'A page of users'), ...errorResponses(400, 401, 403) },
});

export const create = createRoute({
  method: 'post',
  path: '/users',
  tags,
  summary: 'Creates a user; without a password, one is generated and returned once',
  middleware: [allow('people:manage')] as const,
  request: {
    body: jsonBody(
      z.strictObject({
        email: z.email().max(320),
        name: z.string().trim().max(200).optional(),
        role: z.enum(ROLES),
        locale: z.enum(LOCALES).optional(),
        password: passwordSchema.optional(),
      }),
    ),
  },
  responses: { 201: jsonResponse(userWithPasswordSchema, 'Created'), ...errorResponses(400, 401, 403, 409, 413, 415) },
});

export const update = createRoute({
  method: 'patch',
  path: '/users/{id}',
  tags,
  summary: 'Changes role, name, language; disables or enables; sets or resets the password',
  description: 'Disabling a user or changing their password ends their sessions. The last enabled admin cannot be demoted or disabled (409).',
  middleware: [allow('people:manage')] as const,
  request: {
    params: idParamSchema,
    body: jsonBody(
      z.strictObject({
        name: z.string().trim().max(200).optional(),
        role: z.enum(ROLES).optional(),
        locale: z.enum(LOCALES).optional(),
        disabled: z.boolean().optional(),
        password: passwordSchema.optional(),
        resetPassword: z.boolean().optional().openapi({ description: 'Generate a new password, returned once' }),
      }),
    ),
  },
  responses: { 200: jsonResponse(userWithPasswordSchema, 'Changed'), ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
});

export const remove = createRoute({
  method: 'delete',
  path: '/users/{id}',
  tags,
  summary: 'Deletes a user and ends their sessions (not the last enabled admin)',
  middleware: [allow('people:manage')] as const,
  request: { params: idParamSchema },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404, 409) },
});
