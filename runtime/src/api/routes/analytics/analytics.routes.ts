import { createRoute, z } from '@hono/zod-openapi';
import { eventTypeSchema, moneySchema, recordIdSchema } from '@journey/nodes';
import { allow } from '../../../auth/middleware.ts';
import { errorResponses } from '../../errors.ts';
import { jsonBody, jsonResponse } from '../../schemas.ts';

const tags = ['analytics'];
const funnelSchema = z.strictObject({
  acquired: z.number().int(),
  engaged: z.number().int(),
  converted: z.number().int(),
  referred: z.number().int(),
  repurchased: z.number().int(),
});
const groupSchema = z.enum(['ad', 'content', 'other', 'referral']);

const butterflySchema = z
  .strictObject({
    journeyId: z.string().nullable(),
    funnel: funnelSchema,
    stageRates: z.strictObject({ engaged: z.number().nullable(), converted: z.number().nullable(), referred: z.number().nullable(), repurchased: z.number().nullable() }),
    byGroup: z.record(groupSchema, funnelSchema),
    bySource: z.array(funnelSchema.extend({ source: z.string(), group: groupSchema })),
    fission: z.strictObject({ kFactor: z.number(), depth: z.number().int(), treeSize: z.number().int(), referred: z.number().int(), referrers: z.number().int() }),
    cac: z.array(
      z.strictObject({
        source: z.string(),
        cost: z.number(),
        acquired: z.number().int(),
        withReferrals: z.number().int(),
        cacBefore: z.number().nullable(),
        cacAfter: z.number().nullable(),
      }),
    ),
    repurchaseRate: z.number(),
    memberships: z.number().int(),
    balanceOutstanding: z.number(),
    goals: z.array(
      z.strictObject({ journeyId: z.string(), journeyName: z.string(), nodeId: z.string(), name: z.string(), contacts: z.number().int(), rate: z.number() }),
    ),
  })
  .openapi('ButterflyAnalytics');

/** An ISO 8601 instant with its offset, e.g. `2026-03-01T00:00:00+08:00`. */
const instantSchema = z.iso.datetime({ offset: true });

const sourceCostSchema = z.strictObject({ source: z.string().trim().min(1).max(100), cost: moneySchema, currency: z.string().regex(/^[A-Z]{3}$/).default('CNY') });

export const butterfly = createRoute({
  method: 'get',
  path: '/analytics/butterfly',
  tags,
  summary: 'Stage funnel by source, referral K-factor and depth, CAC before and after referral, repurchase, membership and stored value',
  middleware: [allow('read')] as const,
  request: {
    query: z
      .strictObject({
        journeyId: recordIdSchema.optional(),
        orderEvent: eventTypeSchema.optional(),
        from: instantSchema.optional().openapi({ description: 'Only contacts who entered at or after this instant, and their events from then' }),
        to: instantSchema.optional().openapi({ description: 'Only contacts who entered before this instant, and their events until then' }),
      })
      .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) < Date.parse(q.to), { path: ['to'], message: '`to` must be after `from`' }),
  },
  responses: { 200: jsonResponse(butterflySchema, 'The butterfly figures'), ...errorResponses(400, 401, 403, 404) },
});

export const listSourceCosts = createRoute({
  method: 'get',
  path: '/analytics/source-costs',
  tags,
  summary: 'Acquisition spend per source',
  middleware: [allow('read')] as const,
  responses: { 200: jsonResponse(z.strictObject({ items: z.array(sourceCostSchema) }), 'Costs per source'), ...errorResponses(401, 403) },
});

export const putSourceCosts = createRoute({
  method: 'put',
  path: '/analytics/source-costs',
  tags,
  summary: 'Sets the acquisition spend of sources (replaces the listed ones)',
  middleware: [allow('journeys:write')] as const,
  request: { body: jsonBody(z.strictObject({ items: z.array(sourceCostSchema).max(200) })) },
  responses: { 200: jsonResponse(z.strictObject({ items: z.array(sourceCostSchema) }), 'Costs per source'), ...errorResponses(400, 401, 403, 413, 415) },
});
