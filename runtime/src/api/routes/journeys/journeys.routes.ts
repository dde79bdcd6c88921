import { createRoute, z } from '@hono/zod-openapi';
import { JOURNEY_STATUSES, PAUSED_ENTRIES, RUN_STATUSES } from '@journey/db';
import { journeyGraphSchema, journeySettingsSchema, KEY_PATTERN, recordIdSchema } from '@journey/nodes';
import { allow } from '../../../auth/middleware.ts';
import { errorResponses } from '../../errors.ts';
import { pageQuerySchema, pageSchema } from '../../pagination.ts';
import { simulationRequestSchema, simulationSchema } from './simulation.schemas.ts';
import { graphProblemSchema, idParamSchema, jsonBody, jsonResponse, journeySchema, runSchema } from '../../schemas.ts';

const tags = ['journeys'];
const name = z.string().trim().min(1).max(200);

const revision = z.number().int().positive().optional();

const createBodySchema = z.strictObject({
  name,
  graph: journeyGraphSchema.prefault({ nodes: [], edges: [] }),
  settings: journeySettingsSchema.prefault({}),
});

const updateBodySchema = z.strictObject({
  name,
  graph: journeyGraphSchema,
  settings: journeySettingsSchema,
  revision: revision.meta({ description: 'The revision you loaded; 409 if it changed since' }),
});

const statusCountsSchema = z.strictObject({
  active: z.number().int(),
  waiting: z.number().int(),
  completed: z.number().int(),
  exited: z.number().int(),
  failed: z.number().int(),
});

const statsSchema = z
  .strictObject({
    runs: statusCountsSchema,
    nodes: z.record(
      z.string(),
      statusCountsSchema.extend({
        entered: z.number().int(),
        held: z.number().int().openapi({ description: 'Of the waiting runs, those held by a frequency cap, a carrier limit or quiet hours' }),
      }),
    ),
    edges: z.record(z.string(), z.number().int()),
    conversions: z.number().int(),
    /** While paused: contacts who arrived and wait at the entry for the resume. */
    queued: z.number().int(),
  })
  .openapi('JourneyStats');

const versionSchema = z
  .strictObject({
    journeyId: z.string(),
    version: z.number().int(),
    graph: journeyGraphSchema,
    settings: journeySettingsSchema,
    publishedAt: z.string(),
    publishedBy: z.string().nullable().openapi({ description: 'The id of the user or API key that published it (null for the admin key of the environment)' }),
    publisher: z.string().nullable().openapi({ description: "Who published it, by name: the user's name or the API key's name" }),
  })
  .openapi('JourneyVersion');

export const list = createRoute({
  method: 'get',
  path: '/journeys',
  tags,
  summary: 'Journeys, newest first',
  middleware: [allow('read')] as const,
  request: { query: pageQuerySchema.extend({ status: z.enum(JOURNEY_STATUSES).optional() }) },
  responses: { 200: jsonResponse(pageSchema(journeySchema), 'A page of journeys'), ...errorResponses(400, 401, 403) },
});

export const create = createRoute({
  method: 'post',
  path: '/journeys',
  tags,
  summary: 'Creates a draft journey',
  middleware: [allow('journeys:write')] as const,
  request: { body: jsonBody(createBodySchema) },
  responses: { 201: jsonResponse(journeySchema, 'The new draft'), ...errorResponses(400, 401, 403, 413) },
});

export const validate = createRoute({
  method: 'post',
  path: '/journeys/validate',
  tags,
  summary: 'Checks a graph against every rule and lists all problems',
  description: 'A graph over the size limits (nodes, edges, config bytes) is refused with 422 `graph_too_large`, its problems in `details`.',
  middleware: [allow('read')] as const,
  request: {
    body: jsonBody(z.strictObject({ graph: z.unknown().meta({ description: 'A journey graph (JSON version 1)' }) })),
  },
  responses: {
    200: jsonResponse(z.strictObject({ valid: z.boolean(), problems: z.array(graphProblemSchema) }), 'The verdict'),
    ...errorResponses(400, 401, 403, 413, 422),
  },
});

export const get = createRoute({
  method: 'get',
  path: '/journeys/{id}',
  tags,
  summary: 'A journey with its draft',
  middleware: [allow('read')] as const,
  request: { params: idParamSchema },
  responses: { 200: jsonResponse(journeySchema, 'The journey'), ...errorResponses(401, 403, 404) },
});

export const update = createRoute({
  method: 'put',
  path: '/journeys/{id}',
  tags,
  summary: 'Saves the draft',
  middleware: [allow('journeys:write')] as const,
  request: { params: idParamSchema, body: jsonBody(updateBodySchema) },
  responses: { 200: jsonResponse(journeySchema, 'The saved journey'), ...errorResponses(400, 401, 403, 404, 409, 413) },
});

export const remove = createRoute({
  method: 'delete',
  path: '/journeys/{id}',
  tags,
  summary: 'Deletes a journey that is not live and has no contact in flight',
  middleware: [allow('journeys:write')] as const,
  request: { params: idParamSchema },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404, 409) },
});

export const publish = createRoute({
  method: 'post',
  path: '/journeys/{id}/publish',
  tags,
  summary: 'Freezes the draft as a new version and makes the journey live',
  description: 'With `revision` (the one you loaded), a journey changed since is refused with 409 instead of publishing a draft you have not seen.',
  middleware: [allow('journeys:write')] as const,
  request: {
    params: idParamSchema,
    body: {
      required: false,
      content: { 'application/json': { schema: z.strictObject({ revision: revision.meta({ description: 'The revision you loaded' }) }) } },
    },
  },
  responses: {
    200: jsonResponse(z.strictObject({ version: z.number().int() }), 'The published version'),
    ...errorResponses(400, 401, 403, 404, 409, 415, 422),
  },
});

export const pause = createRoute({
  method: 'post',
  path: '/journeys/{id}/pause',
  tags,
  summary: 'Holds waiting runs and queues (or skips) new entries',
  description: 'Runs hold where they are. Contacts who arrive while paused are queued at the entry and enter on resume (`entries: "queue"`, the default), or are not enrolled at all (`"skip"`).',
  middleware: [allow('journeys:operate')] as const,
  request: {
    params: idParamSchema,
    body: {
      required: false,
      content: {
        'application/json': {
          schema: z.strictObject({ entries: z.enum(PAUSED_ENTRIES).default('queue').openapi({ description: 'What happens to contacts who arrive while paused' }) }),
        },
      },
    },
  },
  responses: { 200: jsonResponse(journeySchema, 'The paused journey'), ...errorResponses(400, 401, 403, 404, 409, 415) },
});

export const resume = createRoute({
  method: 'post',
  path: '/journeys/{id}/resume',
  tags,
  summary: 'Takes entries again and continues held runs',
  middleware: [allow('journeys:operate')] as const,
  request: { params: idParamSchema },
  responses: { 200: jsonResponse(journeySchema, 'The live journey'), ...errorResponses(401, 403, 404, 409) },
});

export const versions = createRoute({
  method: 'get',
  path: '/journeys/{id}/versions',
  tags,
  summary: 'Published versions, newest first',
  middleware: [allow('read')] as const,
  request: { params: idParamSchema, query: pageQuerySchema },
  responses: { 200: jsonResponse(pageSchema(versionSchema), 'A page of versions'), ...errorResponses(400, 401, 403, 404) },
});

export const stats = createRoute({
  method: 'get',
  path: '/journeys/{id}/stats',
  tags,
  summary: 'Runs by status, per node and per edge counts, conversions',
  description: "With `version`, only that version's runs, on that version's graph (a journey published again shows each version's contacts on its own nodes).",
  middleware: [allow('read')] as const,
  request: {
    params: idParamSchema,
    query: z.strictObject({
      version: z.coerce.number().int().positive().max(1_000_000_000).optional().openapi({ description: 'Only the runs of this version' }),
    }),
  },
  responses: { 200: jsonResponse(statsSchema, 'The counts'), ...errorResponses(400, 401, 403, 404) },
});

export const runs = createRoute({
  method: 'get',
  path: '/journeys/{id}/runs',
  tags,
  summary: "The journey's runs, newest first",
  middleware: [allow('read')] as const,
  request: {
    params: idParamSchema,
    query: pageQuerySchema.extend({
      status: z.enum(RUN_STATUSES).optional(),
      node: z.string().regex(KEY_PATTERN).optional().meta({ description: 'Only runs now at this node id' }),
    }),
  },
  responses: { 200: jsonResponse(pageSchema(runSchema), 'A page of runs'), ...errorResponses(400, 401, 403, 404) },
});

export const enroll = createRoute({
  method: 'post',
  path: '/journeys/{id}/enroll',
  tags,
  summary: 'Enrols contacts (created when unknown) into a live journey',
  middleware: [allow('contacts:write')] as const,
  request: {
    params: idParamSchema,
    body: jsonBody(z.strictObject({ contactIds: z.array(recordIdSchema).min(1).max(1000) })),
  },
  responses: {
    200: jsonResponse(z.strictObject({ enrolled: z.number().int(), skipped: z.number().int() }), 'How many entered'),
    ...errorResponses(400, 401, 403, 404, 409, 413),
  },
});

export const simulate = createRoute({
  method: 'post',
  path: '/journeys/{id}/simulate',
  tags,
  summary: 'Dry-runs the journey on sample contacts: paths, rendered messages, waits, endings; writes nothing',
  description:
    "Runs the real engine on a fake clock over the draft (or `graph`). A sample contact without events is enrolled at the start through the first entry; one with events enters only by them. Webhook nodes call nobody.",
  middleware: [allow('read')] as const,
  request: { params: idParamSchema, body: jsonBody(simulationRequestSchema) },
  responses: { 200: jsonResponse(simulationSchema, 'Each sample contact and its runs'), ...errorResponses(400, 401, 403, 404, 413) },
});

export const inFlight = createRoute({
  method: 'get',
  path: '/journeys/{id}/in-flight',
  tags,
  summary: 'Contacts still in the journey (active or waiting), per version and node, newest version first',
  description: 'A run stays on the version it entered with: publishing again leaves these where they are.',
  middleware: [allow('read')] as const,
  request: { params: idParamSchema },
  responses: {
    200: jsonResponse(
      z
        .strictObject({
          versions: z.array(z.strictObject({ version: z.number().int(), contacts: z.number().int(), nodes: z.record(z.string(), z.number().int()) })),
        })
        .openapi('JourneyInFlight'),
      'Runs in flight by version',
    ),
    ...errorResponses(401, 403, 404),
  },
});

export const archive = createRoute({
  method: 'post',
  path: '/journeys/{id}/archive',
  tags,
  summary: 'Archives a journey that is not live and has no contact in flight',
  description: 'An archived journey leaves the list (`GET /api/journeys?status=archived` lists it), takes no contacts and cannot be resumed; its runs, messages and statistics stay.',
  middleware: [allow('journeys:write')] as const,
  request: { params: idParamSchema },
  responses: { 200: jsonResponse(journeySchema, 'The archived journey'), ...errorResponses(401, 403, 404, 409) },
});
