import { createRoute, z } from '@hono/zod-openapi';
import { allow } from '../../../auth/middleware.ts';
import { errorResponses, errorSchema } from '../../errors.ts';
import { jsonResponse } from '../../schemas.ts';

const templateFieldSchema = z.strictObject({
  key: z.string().openapi({ description: 'The variable, as the body writes it: `key=value`' }),
  label: z.string().optional(),
  maxLength: z.number().int().optional().openapi({ description: 'The most characters the carrier takes for it' }),
  hint: z.string().optional(),
});

export const channelTemplateSchema = z
  .strictObject({
    id: z.string().openapi({ description: 'What content_push’s title holds to send it (template code, template id)' }),
    name: z.string(),
    content: z.string().optional().openapi({ description: 'The approved text, with its variables' }),
    fields: z.array(templateFieldSchema),
    kind: z
      .strictObject({ 'zh-CN': z.string(), en: z.string() })
      .optional()
      .openapi({ description: 'The template’s kind, when the channel has several (the Official Account: template messages and subscription notifications)' }),
  })
  .openapi('ChannelTemplate');

const carrierError = { description: 'The carrier did not answer or refused the request', content: { 'application/json': { schema: errorSchema } } };

export const templates = createRoute({
  method: 'get',
  path: '/channels/{channel}/templates',
  tags: ['integrations'],
  summary: 'The approved templates of the carrier delivering a channel, for content_push’s form',
  description:
    'The channel is a built-in name (sms, mini_program, …: the plugin serving it answers) or a plugin channel’s namespaced name, URL-encoded (sms%2Ftext). A channel no carrier serves, or whose carrier has no templates, has an empty list. Kept a minute per channel.',
  middleware: [allow('read')] as const,
  request: { params: z.strictObject({ channel: z.string().min(1).max(81) }) },
  responses: {
    200: jsonResponse(z.strictObject({ items: z.array(channelTemplateSchema) }), 'The templates'),
    ...errorResponses(401, 403, 404),
    502: carrierError,
    503: { description: 'The plugin of the channel is not configured on this server', content: { 'application/json': { schema: errorSchema } } },
  },
});
