import { createRoute, z } from '@hono/zod-openapi';
import { MESSAGE_STATUSES } from '@journey/db';
import { CHANNELS } from '@journey/nodes';
import { allow } from '../../../auth/middleware.ts';
import { errorResponses } from '../../errors.ts';
import { pageQuerySchema, pageSchema } from '../../pagination.ts';
import { jsonResponse, messageSchema } from '../../schemas.ts';

export const list = createRoute({
  method: 'get',
  path: '/messages',
  tags: ['messages'],
  summary: 'The outbox, newest first: what was sent, through which channel, when',
  description: 'Filters combine (all must match) and apply before paging, so every page is full until the last.',
  middleware: [allow('read')] as const,
  request: {
    query: pageQuerySchema.extend({
      journeyId: z.string().max(200).optional(),
      contactId: z.string().max(200).optional(),
      channel: z.enum(CHANNELS).optional().openapi({ description: 'Only messages sent through this channel' }),
      status: z.enum(MESSAGE_STATUSES).optional(),
    }),
  },
  responses: { 200: jsonResponse(pageSchema(messageSchema), 'A page of messages'), ...errorResponses(400, 401, 403) },
});
