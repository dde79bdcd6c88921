import { defineNode, durationSchema, field, localized, z, type EventCountNeed } from '@journey/sdk';
import { OA_EVENTS, WINDOW_GRANTS, type WindowKind } from './events.ts';

const DAY_MS = 86_400_000;

/**
 * How close to its end a window still counts as open for the node: a message it sends is delivered
 * after the step commits, and one that reaches the window's end is refused by the channel, not sent.
 */
export const WINDOW_GUARD_MS: Readonly<Record<WindowKind, number>> = { message: 3_600_000, event: 20_000 };

/** The counts the node reads: interactions recent enough that their window is still open. */
export const windowNeeds: EventCountNeed[] = (Object.keys(WINDOW_GRANTS) as WindowKind[]).map((window) => ({
  event: OA_EVENTS.interacted,
  properties: { window },
  within: { days: (WINDOW_GRANTS[window].ms - WINDOW_GUARD_MS[window]) / DAY_MS },
}));

export const oaMessageSpec = defineNode({
  type: 'oa_message',
  stage: 'operate',
  icon: 'message',
  title: { 'zh-CN': '公众号客服消息', en: 'Official Account customer-service message' },
  description: {
    'zh-CN': '粉丝互动后的客服消息窗口内发送文字；窗口外等粉丝再次互动，或改发模板消息',
    en: 'Sends a text inside the window the follower opened by interacting; outside it, waits for them to interact again or sends a template message instead',
  },
  config: z
    .strictObject({
      text: field(z.string().trim().min(1).max(2000), {
        title: { 'zh-CN': '消息内容', en: 'Message' },
        help: {
          'zh-CN': '客服消息的文字，可插入变量，如 {{contact.name | 朋友}}。微信只允许在粉丝发消息后 48 小时内（最多 5 条）、关注/扫码/点菜单后 1 分钟内（最多 3 条）发送客服消息',
          en: 'The customer-service text; variables such as {{contact.name | friend}} are filled in. WeChat allows them for 48 hours after a message from the follower (5 at most) and 1 minute after a follow, scan or menu click (3 at most)',
        },
        widget: 'template',
      }),
      outside: field(z.enum(['wait', 'template']).default('wait'), {
        title: { 'zh-CN': '不在客服窗口内时', en: 'Outside the window' },
        options: {
          wait: { 'zh-CN': '等粉丝再次互动后发送', en: 'Wait for the follower to interact, then send' },
          template: { 'zh-CN': '改发模板消息', en: 'Send a template message instead' },
        },
      }),
      timeout: field(durationSchema.default({ days: 2, hours: 0, minutes: 0, seconds: 0 }), {
        title: { 'zh-CN': '最多等待', en: 'Wait at most' },
        help: { 'zh-CN': '到时粉丝仍未互动，则走「超时」分支', en: 'If the follower has not interacted by then, the run leaves by Timeout' },
        visibleWhen: { field: 'outside', equals: ['wait'] },
      }),
      template: field(z.string().trim().max(64).default(''), {
        title: { 'zh-CN': '模板 ID', en: 'Template id' },
        help: { 'zh-CN': '公众号后台「模板消息」里的模板 ID', en: "The template id, as the Official Account platform's template messages list it" },
        visibleWhen: { field: 'outside', equals: ['template'] },
      }),
      variables: field(z.string().trim().max(2000).default(''), {
        title: { 'zh-CN': '模板变量', en: 'Template variables' },
        help: {
          'zh-CN': '每行一个「变量=值」，如 thing1={{contact.name}}；可选 _url=网页地址，或 _miniprogram_appid=小程序 AppID 与 _miniprogram_pagepath=页面路径，设置点击消息后打开的页面',
          en: 'One key=value a line, such as thing1={{contact.name}}; optionally _url=a web page, or _miniprogram_appid=a mini-program AppID with _miniprogram_pagepath=its page, for where tapping the message goes',
        },
        widget: 'template',
        visibleWhen: { field: 'outside', equals: ['template'] },
      }),
    })
    .superRefine((config, ctx) => {
      if (config.outside === 'template' && config.template === '') {
        ctx.addIssue({ code: 'custom', path: ['template'], message: localized({ en: 'Name the template to send outside the window', 'zh-CN': '请填写窗口外改发的模板 ID' }) });
      }
    }),
  ports: ['out', 'timeout'],
  portTitles: { out: { 'zh-CN': '已发送', en: 'Sent' }, timeout: { 'zh-CN': '超时', en: 'Timeout' } },
  sends: true,
  waits: true,
  minimumWait: { field: 'timeout', when: { field: 'outside', equals: ['wait'] } },
  eventCounts: () => windowNeeds,
  summaryTemplate: {
    'zh-CN': '客服消息 · 窗口外{{?outside=wait}}等待 {{duration timeout}}{{/outside}}{{^outside=wait}}改发模板{{/outside}}',
    en: 'Customer-service message · outside the window: {{?outside=wait}}wait {{duration timeout}}{{/outside}}{{^outside=wait}}template{{/outside}}',
  },
});
