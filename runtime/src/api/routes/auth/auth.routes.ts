import { createRoute, z } from '@hono/zod-openapi';
import { API_KEY_SCOPES } from '@journey/db';
import { allow } from '../../../auth/middleware.ts';
import { LOCALES } from '../../../services/users.ts';
import { errorResponses } from '../../errors.ts';
import { jsonBody, jsonResponse, passwordSchema, userSchema } from '../../schemas.ts';

const tags = ['auth'];

const signedInSchema = z
  .strictObject({
    user: userSchema,
    csrfToken: z.string().openapi({ description: 'Send it as X-CSRF-Token on every cookie-authenticated write' }),
  })
  .openapi('SignedIn');

const callerSchema = z
  .strictObject({ user: userSchema.nullable(), csrfToken: z.string().nullable(), role: z.enum(API_KEY_SCOPES) })
  .openapi('Caller');

export const login = createRoute({
  method: 'post',
  path: '/auth/login',
  tags,
  summary: 'Signs in with email and password; sets the httpOnly session cookie',
  description: 'Repeated wrong passwords for one email (or from one address) lock it for a while: 429 with Retry-After.',
  request: { body: jsonBody(z.strictObject({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1000) })) },
  responses: { 200: jsonResponse(signedInSchema, 'Signed in'), ...errorResponses(400, 401, 413, 415, 429) },
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
  responses: { 200: jsonResponse(callerSchema, 'The caller'), ...errorResponses(401, 403) },
});

export const updateMe = createRoute({
  method: 'patch',
  path: '/auth/me',
  tags,
  summary: "Changes the signed-in user's own name or language (the editor keeps the language per user)",
  middleware: [allow('read')] as const,
  request: {
    body: jsonBody(z.strictObject({ name: z.string().trim().max(200).optional(), locale: z.enum(LOCALES).optional() })),
  },
  responses: { 200: jsonResponse(callerSchema, 'The caller, changed'), ...errorResponses(400, 401, 403, 413, 415) },
});

const changePasswordBodySchema = z
  .strictObject({
    currentPassword: z.string().min(1).max(1000).openapi({ description: 'The password the user signs in with now' }),
    newPassword: passwordSchema,
  })
  .refine((body) => body.newPassword.normalize('NFKC') !== body.currentPassword.normalize('NFKC'), {
    path: ['newPassword'],
    message: 'The new password must differ from the current one',
  });

export const changePassword = createRoute({
  method: 'post',
  path: '/auth/password',
  tags,
  summary: "Changes the signed-in user's own password; signs out their other sessions",
  description:
    'Needs the current password: a wrong one answers 403 `wrong_password` (details name `currentPassword`), and repeated wrong ' +
    'ones lock the change for a while like sign-in does (429 with Retry-After). Every session of the user ends; the calling ' +
    'session is replaced by a new one (new cookie and CSRF token, in the answer). API keys have no password (403 `not_a_user`).',
  middleware: [allow('read')] as const,
  request: { body: jsonBody(changePasswordBodySchema) },
  responses: {
    200: jsonResponse(signedInSchema, 'Changed; the session was renewed'),
    ...errorResponses(400, 401, 403, 409, 413, 415, 429),
  },
});
