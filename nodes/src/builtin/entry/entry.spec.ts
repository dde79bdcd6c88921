import { defineNode, eventTypeSchema, field, localized, REENTRY_MODES, z } from '../../sdk.ts';

export const entrySpec = defineNode({
  type: 'entry',
  stage: 'acquire',
  icon: 'login',
  title: { 'zh-CN': '入口', en: 'Entry' },
  description: {
    'zh-CN': '联系人发生指定事件（如从某渠道获客）时进入旅程',
    en: 'A contact enters when the chosen event arrives from one of the sources',
  },
  config: z.strictObject({
    event: field(eventTypeSchema.default('contact.acquired'), {
      title: { 'zh-CN': '触发事件', en: 'Trigger event' },
      widget: 'event-type',
    }),
    sources: field(
      z.array(z.string().regex(/^[a-z0-9_]{1,50}$/, localized({ en: 'Lowercase letters, digits and _ only', 'zh-CN': '只能包含小写字母、数字和下划线' }))).max(50).default([]),
      {
        title: { 'zh-CN': '来源渠道', en: 'Sources' },
        help: { 'zh-CN': '留空表示任意来源', en: 'Empty means any source' },
        widget: 'source-list',
      },
    ),
    reentry: field(z.enum(REENTRY_MODES).default('once'), {
      title: { 'zh-CN': '重复进入', en: 'Re-entry' },
      help: {
        'zh-CN': '仅一次 / 上次结束后可再次进入 / 每次都进入',
        en: 'Once / again after the previous run ended / every time',
      },
      options: {
        once: { 'zh-CN': '仅一次', en: 'Once' },
        after_exit: { 'zh-CN': '结束后可再次进入', en: 'Again after exit' },
        always: { 'zh-CN': '每次都进入', en: 'Every time' },
      },
    }),
  }),
  ports: ['out'],
  trigger: { event: { field: 'event' }, sources: { field: 'sources' }, reentry: { field: 'reentry' } },
  summaryTemplate: {
    'zh-CN': '{{?sources}}来源: {{sources.length}} 个渠道{{/sources}}{{^sources}}事件: {{event event}}{{/sources}}',
    en: '{{?sources}}Sources: {{sources.length}}{{/sources}}{{^sources}}Event: {{event event}}{{/sources}}',
  },
});
