import { defineNode, durationSchema, eventTypeSchema, field, z } from '../../sdk.ts';

export const waitEventSpec = defineNode({
  type: 'wait_event',
  stage: 'operate',
  icon: 'hourglass',
  title: { 'zh-CN': '等待事件', en: 'Wait for event' },
  description: {
    'zh-CN': '等待联系人发生指定事件，超时则走超时分支',
    en: 'Waits until the contact emits the event, or the timeout passes',
  },
  config: z.strictObject({
    event: field(eventTypeSchema, {
      title: { 'zh-CN': '事件', en: 'Event' },
      widget: 'event-type',
    }),
    match: field(z.record(z.string().max(100), z.union([z.string().max(500), z.number(), z.boolean()])).default({}), {
      title: { 'zh-CN': '属性匹配', en: 'Property match' },
      help: { 'zh-CN': '事件属性需全部相等', en: 'Every listed property must be equal' },
    }),
    timeout: field(durationSchema.default({ days: 1, hours: 0, minutes: 0, seconds: 0 }), {
      title: { 'zh-CN': '超时', en: 'Timeout' },
    }),
  }),
  ports: ['matched', 'timeout'],
  portTitles: {
    matched: { 'zh-CN': '已发生', en: 'Matched' },
    timeout: { 'zh-CN': '超时', en: 'Timeout' },
  },
  waits: true,
  // Without the event, the run goes on when the timeout is up: at once for a 0 s timeout.
  minimumWait: { field: 'timeout' },
  summaryTemplate: { 'zh-CN': '等待 {{event event}}（{{duration timeout}}）', en: 'Wait for {{event event}} ({{duration timeout}})' },
});
