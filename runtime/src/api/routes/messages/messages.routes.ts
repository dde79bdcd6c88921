import { createRoute, z } from '@hono/zod-openapi';
import { MESSAGE_STATUSES } from '@journey/db';
import { CHANNELS, recordIdSchema } from '@journey/nodes';
import { allow } from '../../../auth/middleware.ts';
import { errorResponses } from '../../errors.ts';
import { pageQuerySchema, pageSchema } from '../../pagination.ts';
import { idParamSchema, jsonResponse, messageSchema } from '../../schemas.ts';

export const list = createRoute({
  method: 'get',
  path: '/messages',
  tags: ['messages'],
  summary: 'The outbox, newest first: what was sent, through which channel, when',
  description: 'Filters combine (all must match) and apply before paging, so every page is full until the last.',
  middleware: [allow('read')] as const,
  request: {
    query: pageQuerySchema.extend({
      journeyId: recordIdSchema.optional(),
      contactId: recordIdSchema.optional(),
      channel: z.enum(CHANNELS).optional().openapi({ description: 'Only messages sent through this channel' }),
      status: z.enum(MESSAGE_STATUSES).optional(),
    }),
  },
  responses: { 200: jsonResponse(pageSchema(messageSchema), 'A page of messages'), ...errorResponses(400, 401, 403) },
});

const decide = (decision: 'resend' | 'drop') =>
  createRoute({
    method: 'post',
    path: `/messages/{id}/${decision}`,
    tags: ['messages'],
    summary:
      decision === 'resend'
        ? 'Sends a message whose delivery outcome is unknown again, now (the carrier cannot tell a repeat: check it did not arrive first)'
        : 'Drops a message whose delivery outcome is unknown: it becomes failed and is never sent again',
    middleware: [allow('journeys:operate')] as const,
    request: { params: idParamSchema },
    responses: { 200: jsonResponse(messageSchema, 'The message'), ...errorResponses(401, 403, 404, 409) },
  });

export const resend = decide('resend');
export const drop = decide('drop');
