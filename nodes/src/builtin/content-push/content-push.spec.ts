import { channelField, defineNode, field, z } from '../../sdk.ts';

export const contentPushSpec = defineNode({
  type: 'content_push',
  stage: 'operate',
  icon: 'message',
  title: { 'zh-CN': '内容推送', en: 'Content push' },
  description: {
    'zh-CN': '按模板生成内容并通过渠道发送，遵守免打扰时段和频次上限',
    en: 'Renders a template and sends it through a channel, within quiet hours and frequency caps',
  },
  config: z.strictObject({
    channel: channelField(),
    title: field(z.string().trim().max(100).default(''), { title: { 'zh-CN': '标题', en: 'Title' } }),
    template: field(z.string().trim().min(1).max(4000), {
      title: { 'zh-CN': '内容模板', en: 'Message template' },
      help: { 'zh-CN': '可插入变量，如 {{contact.name | 朋友}}（竖线后是没有该资料时的默认值）', en: 'Variables such as {{contact.name | friend}} are filled in (after the bar: what shows when the contact lacks it)' },
      widget: 'template',
    }),
  }),
  ports: ['out'],
  summaryTemplate: { 'zh-CN': '推送: {{label channel}}', en: 'Push: {{label channel}}' },
});
