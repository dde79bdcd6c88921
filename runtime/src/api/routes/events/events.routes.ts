import { createRoute, z } from '@hono/zod-openapi';
import { allow } from '../../../auth/middleware.ts';
import { eventInputSchema } from '../../../runtime-contract.ts';
import { errorResponses } from '../../errors.ts';
import { jsonBody, jsonResponse } from '../../schemas.ts';

const tags = ['events'];

/** Events per `POST /api/events/batch`. */
const MAX_BATCH = 1000;


export const ingestOne = createRoute({
  method: 'post',
  path: '/events',
  tags,
  summary: 'Stores an event; enrolment, resumes and exits follow asynchronously',
  description: 'Answers 202 once the event is durably stored. Re-sending a `messageId` is a no-op (`duplicate: true`). Each key may send INGEST_RATE_PER_SECOND events a second (429 with Retry-After above).',
  middleware: [allow('events:write')] as const,
  request: { body: jsonBody(eventInputSchema) },
  responses: {
    202: jsonResponse(
      z.strictObject({ id: z.string().nullable(), duplicate: z.boolean() }),
      'Accepted; `duplicate` when its messageId was seen before',
    ),
    ...errorResponses(400, 401, 403, 413, 415, 429),
  },
});

export const types = createRoute({
  method: 'get',
  path: '/events/types',
  tags,
  summary: 'The event types received so far, with how many of each (most frequent first)',
  description: 'What the editor suggests in event fields; a type no event has had yet is worth a second look.',
  middleware: [allow('read')] as const,
  responses: {
    200: jsonResponse(z.strictObject({ items: z.array(z.strictObject({ type: z.string(), count: z.number().int() })) }), 'Event types'),
    ...errorResponses(401, 403),
  },
});

export const ingestBatch = createRoute({
  method: 'post',
  path: '/events/batch',
  tags,
  summary: `Stores up to ${MAX_BATCH} events in one transaction`,
  middleware: [allow('events:write')] as const,
  request: { body: jsonBody(z.strictObject({ events: z.array(eventInputSchema).min(1).max(MAX_BATCH) })) },
  responses: {
    202: jsonResponse(
      z.strictObject({ accepted: z.number().int(), duplicates: z.number().int(), ids: z.array(z.string()) }),
      'Accepted',
    ),
    ...errorResponses(400, 401, 403, 413, 415, 429),
  },
});
