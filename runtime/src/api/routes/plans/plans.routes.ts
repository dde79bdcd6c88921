import { createRoute, z } from '@hono/zod-openapi';
import { PLAN_KINDS } from '@journey/db';
import { moneySchema } from '@journey/nodes';
import { allow } from '../../../auth/middleware.ts';
import { errorResponses } from '../../errors.ts';
import { idParamSchema, jsonBody, jsonResponse } from '../../schemas.ts';

const tags = ['plans'];

const planInputSchema = z
  .strictObject({
    id: z.string().trim().regex(/^[a-z0-9_]{1,60}$/, 'lower-case letters, digits and _'),
    name: z.string().trim().min(1).max(100),
    kind: z.enum(PLAN_KINDS),
    price: moneySchema.max(1_000_000),
    currency: z.string().regex(/^[A-Z]{3}$/).default('CNY'),
    tier: z.string().trim().min(1).max(50).optional(),
    durationDays: z.number().int().min(1).max(3650).optional(),
    benefits: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
    bonus: moneySchema.max(1_000_000).default(0),
  })
  .refine((p) => p.kind !== 'card' || (p.tier !== undefined && p.durationDays !== undefined), {
    message: 'A membership card needs a tier and a duration',
    path: ['tier'],
  });

const planSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    kind: z.enum(PLAN_KINDS),
    price: z.number(),
    currency: z.string(),
    tier: z.string().nullable(),
    durationDays: z.number().int().nullable(),
    benefits: z.array(z.string()),
    bonus: z.number(),
    archived: z.boolean(),
  })
  .openapi('MembershipPlan');

export const list = createRoute({
  method: 'get',
  path: '/plans',
  tags,
  summary: 'Membership cards and stored-value plans',
  middleware: [allow('read')] as const,
  responses: { 200: jsonResponse(z.strictObject({ items: z.array(planSchema) }), 'Plans'), ...errorResponses(401, 403) },
});

export const upsert = createRoute({
  method: 'post',
  path: '/plans',
  tags,
  summary: 'Creates or replaces a plan (admins); `membership_upsell` nodes name it by id',
  middleware: [allow('people:manage')] as const,
  request: { body: jsonBody(planInputSchema) },
  responses: { 200: jsonResponse(planSchema, 'The plan'), ...errorResponses(400, 401, 403, 413, 415) },
});

export const archive = createRoute({
  method: 'post',
  path: '/plans/{id}/archive',
  tags,
  summary: 'Archives a plan (admins): upsells offering it are warned about at publishing; members keep their cards',
  middleware: [allow('people:manage')] as const,
  request: { params: idParamSchema },
  responses: { 200: jsonResponse(planSchema, 'The archived plan'), ...errorResponses(401, 403, 404) },
});

export const restore = createRoute({
  method: 'post',
  path: '/plans/{id}/restore',
  tags,
  summary: 'Brings an archived plan back (admins)',
  middleware: [allow('people:manage')] as const,
  request: { params: idParamSchema },
  responses: { 200: jsonResponse(planSchema, 'The plan'), ...errorResponses(401, 403, 404) },
});
