import { createRoute, z } from '@hono/zod-openapi';
import { allow } from '../../../auth/middleware.ts';
import { SEGMENT_CALLS, segmentBatchSchema, segmentCallSchema, type SegmentCall } from '../../../trackers/segment-messages.ts';
import { errorSchema } from '../../errors.ts';
import { jsonBody, jsonResponse } from '../../schemas.ts';

const tags = ['segment'];

/** What Segment answers to every call it accepts. */
const successSchema = z.strictObject({ success: z.literal(true) }).openapi('SegmentSuccess');

/** A refusal as Segment's clients read it (`success: false`), carrying the API's error. */
const segmentErrorSchema = errorSchema.extend({ success: z.literal(false) }).openapi('SegmentError');

const refusals = {
  400: 'Invalid call (details list the paths), or a call over 32 KB',
  401: 'No write key, or an unknown one (send it as HTTP Basic: the key as user name, empty password)',
  403: 'The key may not send events, or a commerce event from an ingest key',
  413: 'The body is over 500 KB',
  415: 'The body is not JSON',
  429: 'The key sends events faster than its limit; Retry-After gives the seconds to wait',
} as const;
const segmentErrors = Object.fromEntries(
  Object.entries(refusals).map(([status, description]) => [status, { description, content: { 'application/json': { schema: segmentErrorSchema } } }]),
) as { [K in keyof typeof refusals]: { description: string; content: { 'application/json': { schema: typeof segmentErrorSchema } } } };

const security: Record<string, string[]>[] = [{ writeKey: [] }, { apiKey: [] }];

const MAPPING: Record<SegmentCall, string> = {
  track: 'an event whose type is the event name (kept when it is letters, digits and `_ . : -`; other runs of characters become `_`: `Order Completed` → `Order_Completed`), with its properties',
  identify: 'an `identify` event: the traits upsert the contact (name or firstName + lastName, phone, email, other traits as attributes; the anonymousId as an identity when both ids are sent; one with neither traits nor a second id is accepted and not stored)',
  page: 'a `page.viewed` event with the name and category among its properties',
  screen: 'a `screen.viewed` event with the name among its properties',
  group: 'a `group.joined` event; the contact gets the attributes `groupId` and `group` (the group\'s traits)',
  alias: 'a `contact.aliased` event on the userId\'s contact, which keeps the previousId as its `anonymousId` identity (contacts are not merged: the previous id\'s events stay on its own contact)',
};

function callRoute<C extends SegmentCall>(call: C) {
  return createRoute({
    method: 'post',
    path: `/v1/${call}`,
    tags,
    security,
    summary: `Segment \`${call}\`: stored as ${MAPPING[call].split(':')[0]}`,
    description: `Segment's Tracking API call, answered as Segment does. Stored as ${MAPPING[call]}. The contact is the userId, else the anonymousId. A messageId seen before is not stored again; the timestamp is corrected for the sender's clock skew when sentAt is sent.`,
    middleware: [allow('events:write')] as const,
    request: { body: jsonBody(segmentCallSchema(call)) },
    responses: { 200: jsonResponse(successSchema, 'Accepted (stored before answering)'), ...segmentErrors },
  });
}

export const track = callRoute('track');
export const identify = callRoute('identify');
export const page = callRoute('page');
export const screen = callRoute('screen');
export const group = callRoute('group');
export const alias = callRoute('alias');

export const batch = createRoute({
  method: 'post',
  path: '/v1/batch',
  tags,
  security,
  summary: 'Segment `batch`: many calls of any type in one transaction (what analytics-node sends)',
  description: `Up to 500 KB of calls (${SEGMENT_CALLS.join(', ')}), each at most 32 KB, stored in one transaction or not at all. Each call maps as its own route says; the batch's sentAt corrects every timestamp for the sender's clock skew.`,
  middleware: [allow('events:write')] as const,
  request: { body: jsonBody(segmentBatchSchema) },
  responses: { 200: jsonResponse(successSchema, 'Accepted (stored before answering)'), ...segmentErrors },
});
