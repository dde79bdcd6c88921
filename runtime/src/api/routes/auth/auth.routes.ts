import { createRoute, z } from '@hono/zod-openapi';
import { ROLES } from '@journey/db';
import { allow } from '../../../auth/middleware.ts';
import { errorResponses } from '../../errors.ts';
import { jsonBody, jsonResponse } from '../../schemas.ts';

const tags = ['auth'];

const userSchema = z
  .object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(ROLES), locale: z.string() })
  .openapi('User');

const signedInSchema = z
  .object({
    user: userSchema,
    csrfToken: z.string().openapi({ description: 'Send it as X-CSRF-Token on every cookie-authenticated write' }),
  })
  .openapi('SignedIn');

export const login = createRoute({
  method: 'post',
  path: '/auth/login',
  tags,
  summary: 'Signs in with email and password; sets the httpOnly session cookie',
  request: { body: jsonBody(z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1000) })) },
  responses: { 200: jsonResponse(signedInSchema, 'Signed in'), ...errorResponses(400, 401, 413) },
});

export const logout = createRoute({
  method: 'post',
  path: '/auth/logout',
  tags,
  summary: 'Ends the session and clears its cookie',
  responses: { 204: { description: 'Signed out' }, ...errorResponses(401, 403) },
});

export const me = createRoute({
  method: 'get',
  path: '/auth/me',
  tags,
  summary: 'Who is calling: the signed-in user and the session CSRF token (both null for an API key)',
  middleware: [allow('read')] as const,
  responses: {
    200: jsonResponse(
      z.object({ user: userSchema.nullable(), csrfToken: z.string().nullable(), role: z.enum(['ingest', ...ROLES]) }),
      'The caller',
    ),
    ...errorResponses(401),
  },
});
