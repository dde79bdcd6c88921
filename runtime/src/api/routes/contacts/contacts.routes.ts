import { createRoute, z } from '@hono/zod-openapi';
import { recordIdSchema, tagSchema } from '@journey/nodes';
import { allow } from '../../../auth/middleware.ts';
import { errorResponses } from '../../errors.ts';
import { pageQuerySchema, pageSchema } from '../../pagination.ts';
import { idParamSchema, jsonBody, jsonResponse, runSchema } from '../../schemas.ts';

const tags = ['contacts'];

const contactSchema = z
  .strictObject({
    id: z.string(),
    name: z.string().nullable(),
    attributes: z.record(z.string(), z.unknown()),
    /** The source of the first entry event that enrolled the contact. */
    source: z.string().nullable(),
    /** Ids carriers know the contact by, from events' traits: phone, email, wecomExternalUserId, wechatOpenId, wechatUnionId, anonymousId. */
    identities: z.record(z.string(), z.string()),
    tags: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Contact');

const stepSchema = z
  .strictObject({
    id: z.number().int(),
    runId: z.string(),
    journeyId: z.string(),
    version: z.number().int(),
    nodeId: z.string(),
    nodeType: z.string(),
    seq: z.number().int(),
    attempt: z.number().int(),
    startedAt: z.string(),
    endedAt: z.string(),
    outcome: z.string(),
    port: z.string().nullable(),
    error: z.string().nullable(),
    reason: z.string().nullable().openapi({ description: 'Why the step held the run (`wait`) or skipped its action (`next`, e.g. `consent.opted_out`)' }),
    /** What the node said about its decision: a condition's deciding rule (`rule`, its index), `kind`, whether it `held`, and the values it compared (`count`, `atLeast`, `since`, `actual`). */
    detail: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('Step');

const contactListItemSchema = z
  .strictObject({
    id: z.string(),
    name: z.string().nullable(),
    source: z.string().nullable().openapi({ description: 'The source of the first entry event that enrolled the contact' }),
    tags: z.array(z.string()),
    phone: z.string().nullable(),
    lastEventAt: z.string().nullable().openapi({ description: "When the contact's latest event happened" }),
    journeys: z.array(z.strictObject({ id: z.string(), name: z.string() })).openapi({ description: 'The journeys the contact has runs in' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('ContactListItem');

const filterText = (description: string) => z.string().trim().min(1).max(200).optional().openapi({ description });

export const list = createRoute({
  method: 'get',
  path: '/contacts',
  tags,
  summary: 'Contacts in id order: search by name, id, phone or tag, filters by tag, first source, journey and segment',
  middleware: [allow('read')] as const,
  request: {
    query: pageQuerySchema.extend({
      search: filterText('A piece of the name or id (any case), a piece of the phone number, or a whole tag'),
      tag: filterText('Contacts with this tag'),
      source: filterText('Contacts whose first entry source is this'),
      journeyId: filterText('Contacts with a run in this journey'),
      segmentId: filterText('Contacts the segment selects now'),
    }),
  },
  responses: { 200: jsonResponse(pageSchema(contactListItemSchema), 'A page of contacts'), ...errorResponses(400, 401, 403) },
});

export const upsert = createRoute({
  method: 'post',
  path: '/contacts',
  tags,
  summary: 'Creates or updates a contact; attributes are merged, tags added',
  middleware: [allow('contacts:write')] as const,
  request: {
    body: jsonBody(
      z.strictObject({
        id: recordIdSchema,
        name: z.string().trim().max(200).optional(),
        attributes: z.record(z.string().max(200), z.unknown()).optional(),
        tags: z.array(tagSchema).max(200).optional(),
      }),
    ),
  },
  responses: {
    200: jsonResponse(contactSchema, 'Updated'),
    201: jsonResponse(contactSchema, 'Created'),
    ...errorResponses(400, 401, 403, 413, 415),
  },
});

export const get = createRoute({
  method: 'get',
  path: '/contacts/{id}',
  tags,
  summary: 'A contact with tags and runs',
  middleware: [allow('read')] as const,
  request: { params: idParamSchema },
  responses: {
    200: jsonResponse(
      contactSchema.extend({
        runs: z.array(runSchema),
        offers: z.array(
          z.strictObject({
            code: z.string(),
            kind: z.string(),
            name: z.string(),
            value: z.number(),
            /** A coupon's minimum spend (满 threshold 减 value); 0 = none. */
            threshold: z.number(),
            currency: z.string(),
            journeyId: z.string(),
            expiresAt: z.string(),
            redeemedAt: z.string().nullable(),
          }),
        ),
        memberships: z.array(z.strictObject({ planId: z.string(), tier: z.string(), status: z.enum(['active', 'expired']), expiresAt: z.string() })),
        balance: z.number(),
        consent: z.strictObject({
          optOuts: z.array(
            z.strictObject({
              channel: z.string().openapi({ description: 'The channel, or `*` for every channel' }),
              at: z.string(),
              source: z.string().openapi({ description: "The event's `properties.source` (`sms_reply`, `wecom`, …), else `event`" }),
            }),
          ),
        }),
      }),
      'The contact with runs, offers, memberships, stored-value balance and opt-outs',
    ),
    ...errorResponses(401, 403, 404),
  },
});

export const timeline = createRoute({
  method: 'get',
  path: '/contacts/{id}/timeline',
  tags,
  summary: 'Every step of every run of the contact, oldest first',
  middleware: [allow('read')] as const,
  request: { params: idParamSchema, query: pageQuerySchema },
  responses: { 200: jsonResponse(pageSchema(stepSchema), 'A page of steps'), ...errorResponses(400, 401, 403, 404) },
});

const contactEventSchema = z
  .strictObject({
    id: z.string(),
    type: z.string(),
    properties: z.record(z.string(), z.unknown()),
    timestamp: z.string().openapi({ description: "The client's time, corrected for clock skew" }),
    receivedAt: z.string().openapi({ description: 'When the server stored it' }),
  })
  .openapi('ContactEvent');

export const events = createRoute({
  method: 'get',
  path: '/contacts/{id}/events',
  tags,
  summary: 'Every event the contact sent (or the runtime raised for it), in the order received',
  middleware: [allow('read')] as const,
  request: { params: idParamSchema, query: pageQuerySchema },
  responses: { 200: jsonResponse(pageSchema(contactEventSchema), 'A page of events'), ...errorResponses(400, 401, 403, 404) },
});
