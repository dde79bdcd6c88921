import { createRoute, z } from '@hono/zod-openapi';
import { recordIdSchema } from '@journey/nodes';
import { allow } from '../../../auth/middleware.ts';
import { segmentDefinitionSchema } from '@journey/nodes';
import { errorResponses } from '../../errors.ts';
import { pageQuerySchema, pageSchema } from '../../pagination.ts';
import { idParamSchema, jsonBody, jsonResponse } from '../../schemas.ts';

const tags = ['segments'];

const segmentInputSchema = segmentDefinitionSchema.extend({ name: z.string().trim().min(1).max(200) });

const segmentSchema = segmentDefinitionSchema
  .extend({ id: z.string(), name: z.string(), createdAt: z.string(), updatedAt: z.string() })
  .openapi('Segment');

const enrollmentSchema = z
  .strictObject({
    id: z.string(),
    segmentId: z.string(),
    journeyId: z.string(),
    schedule: z.strictObject({ everyHours: z.number().int() }).nullable(),
    status: z.enum(['pending', 'running', 'done', 'failed']),
    total: z.number().int().openapi({ description: 'Contacts in the segment when the current (or last) pass started' }),
    enrolled: z.number().int(),
    skipped: z.number().int().openapi({ description: "Kept out by the journey entry's re-entry rule" }),
    nextRunAt: z.string().nullable(),
    error: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('SegmentEnrollment');

export const list = createRoute({
  method: 'get',
  path: '/segments',
  tags,
  summary: 'Saved segments, by id',
  middleware: [allow('read')] as const,
  request: { query: pageQuerySchema },
  responses: { 200: jsonResponse(pageSchema(segmentSchema), 'A page of segments'), ...errorResponses(400, 401, 403) },
});

export const create = createRoute({
  method: 'post',
  path: '/segments',
  tags,
  summary: 'Saves a segment: rules over tags, attributes, membership, balance and event counts',
  middleware: [allow('journeys:write')] as const,
  request: { body: jsonBody(segmentInputSchema) },
  responses: { 201: jsonResponse(segmentSchema, 'The segment'), ...errorResponses(400, 401, 403, 413, 415) },
});

export const get = createRoute({
  method: 'get',
  path: '/segments/{id}',
  tags,
  summary: 'A segment',
  middleware: [allow('read')] as const,
  request: { params: idParamSchema },
  responses: { 200: jsonResponse(segmentSchema, 'The segment'), ...errorResponses(401, 403, 404) },
});

export const update = createRoute({
  method: 'put',
  path: '/segments/{id}',
  tags,
  summary: 'Replaces a segment; the next batch of a running enrolment uses the new rules',
  middleware: [allow('journeys:write')] as const,
  request: { params: idParamSchema, body: jsonBody(segmentInputSchema) },
  responses: { 200: jsonResponse(segmentSchema, 'The segment'), ...errorResponses(400, 401, 403, 404, 413, 415) },
});

export const remove = createRoute({
  method: 'delete',
  path: '/segments/{id}',
  tags,
  summary: 'Deletes a segment and stops its enrolments',
  middleware: [allow('journeys:write')] as const,
  request: { params: idParamSchema },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404) },
});

const previewLimitSchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) });
const previewSchema = z.strictObject({ count: z.number().int(), contacts: z.array(z.strictObject({ id: z.string(), name: z.string().nullable() })) });

export const preview = createRoute({
  method: 'get',
  path: '/segments/{id}/preview',
  tags,
  summary: 'How many contacts are in the segment now, and the first of them',
  middleware: [allow('read')] as const,
  request: { params: idParamSchema, query: previewLimitSchema },
  responses: { 200: jsonResponse(previewSchema, 'The preview'), ...errorResponses(400, 401, 403, 404) },
});

export const previewDraft = createRoute({
  method: 'post',
  path: '/segments/preview',
  tags,
  summary: 'How many contacts rules not saved yet select now, and the first of them; writes nothing',
  middleware: [allow('read')] as const,
  request: { query: previewLimitSchema, body: jsonBody(segmentDefinitionSchema) },
  responses: { 200: jsonResponse(previewSchema, 'The preview'), ...errorResponses(400, 401, 403, 413, 415) },
});

export const enroll = createRoute({
  method: 'post',
  path: '/segments/{id}/enroll',
  tags,
  summary: 'Enrols the segment into a live journey in the background, once or every `schedule.everyHours`',
  description: "Who enters again on a scheduled pass is decided by the journey entry's re-entry rule.",
  middleware: [allow('journeys:write')] as const,
  request: {
    params: idParamSchema,
    body: jsonBody(
      z.strictObject({
        journeyId: recordIdSchema,
        schedule: z.strictObject({ everyHours: z.number().int().min(1).max(24 * 365) }).optional(),
      }),
    ),
  },
  responses: { 202: jsonResponse(enrollmentSchema, 'The enrolment, started'), ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
});

export const enrollments = createRoute({
  method: 'get',
  path: '/segments/{id}/enrollments',
  tags,
  summary: "The segment's enrolments with their progress, newest first",
  middleware: [allow('read')] as const,
  request: { params: idParamSchema },
  responses: { 200: jsonResponse(z.strictObject({ items: z.array(enrollmentSchema) }), 'Enrolments'), ...errorResponses(401, 403, 404) },
});
