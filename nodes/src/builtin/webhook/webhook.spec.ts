import { defineNode, field, localized, z } from '../../sdk.ts';

/**
 * Headers a node may not set: the sender sets the body's framing, type and idempotency key itself, and
 * `Host` with the hop-by-hop headers would address another site or another hop than the URL's (a
 * `Host` override is how an allowed host is turned into a proxy to a forbidden one).
 */
export const RESERVED_WEBHOOK_HEADERS = [
  'host',
  'content-length',
  'content-type',
  'transfer-encoding',
  'idempotency-key',
  'connection',
  'keep-alive',
  'proxy-connection',
  'upgrade',
  'te',
  'trailer',
  'expect',
] as const;

const headerName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, localized({ en: 'Not a header name', 'zh-CN': '不是有效的请求头名称' }))
  .refine(
    (name) => !(RESERVED_WEBHOOK_HEADERS as readonly string[]).includes(name.toLowerCase()),
    localized({ en: 'The webhook sets this header itself', 'zh-CN': '此请求头由系统设置，不能修改' }),
  );

export const webhookSpec = defineNode({
  type: 'webhook',
  stage: 'integration',
  icon: 'api',
  title: { 'zh-CN': 'Webhook 调用', en: 'Webhook' },
  description: {
    'zh-CN': '以渲染后的 JSON 调用外部 HTTP 接口',
    en: 'Calls an HTTP endpoint with a rendered JSON body',
  },
  config: z.strictObject({
    url: field(z.url({ protocol: /^https?$/ }).max(2000), { title: { 'zh-CN': '地址', en: 'URL' } }),
    method: field(z.enum(['POST', 'PUT', 'PATCH']).default('POST'), {
      title: { 'zh-CN': '方法', en: 'Method' },
      options: { POST: { 'zh-CN': 'POST', en: 'POST' }, PUT: { 'zh-CN': 'PUT', en: 'PUT' }, PATCH: { 'zh-CN': 'PATCH', en: 'PATCH' } },
    }),
    headers: field(z.record(headerName, z.string().max(1000)).default({}), {
      title: { 'zh-CN': '请求头', en: 'Headers' },
    }),
    body: field(z.string().max(20_000).default('{"contactId": "{{contact.id}}"}'), {
      title: { 'zh-CN': '请求体模板', en: 'Body template' },
      widget: 'json-template',
    }),
    timeoutMs: field(z.number().int().min(100).max(30_000).default(5000), {
      title: { 'zh-CN': '超时（毫秒）', en: 'Timeout (ms)' },
    }),
  }),
  ports: ['out'],
  summaryTemplate: { 'zh-CN': '{{method}} {{host url}}', en: '{{method}} {{host url}}' },
});
