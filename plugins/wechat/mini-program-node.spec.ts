import { defineNode, durationSchema, field, z, type EventCountNeed } from '@journey/sdk';
import { MINI_EVENTS } from './mini-program-subscriptions.ts';

/**
 * How far back the node counts subscriptions: WeChat keeps a one-time subscription until it is used,
 * so a year of them (the ledger in `deliver` is what decides; this tells the node whether to wait).
 */
const COUNTED_DAYS = 365;

/** The counts the node reads for its template: subscriptions accepted, and used. */
export function subscriptionNeeds(templateId: string): { subscribed: EventCountNeed; used: EventCountNeed } {
  const need = (event: string): EventCountNeed => ({ event, properties: { templateId }, within: { days: COUNTED_DAYS } });
  return { subscribed: need(MINI_EVENTS.subscribed), used: need(MINI_EVENTS.subscriptionUsed) };
}

export const subscribeMessageSpec = defineNode({
  type: 'subscribe_message',
  stage: 'operate',
  icon: 'message',
  title: { 'zh-CN': '小程序订阅消息', en: 'Mini-program subscribe message' },
  description: {
    'zh-CN': '用户订阅过该模板就发送（每次订阅只能发一条）；还没有订阅时等用户订阅，超时走「超时」分支',
    en: 'Sends when the user has a subscription to the template left (one message per subscription); without one, waits for them to subscribe, or leaves by Timeout',
  },
  config: z.strictObject({
    template: field(z.string().trim().min(1).max(128), {
      title: { 'zh-CN': '订阅消息模板', en: 'Subscribe message template' },
      help: { 'zh-CN': '小程序后台「订阅消息 → 我的模板」里的模板', en: "A template of the mini-program's subscribe messages (订阅消息 → 我的模板)" },
      templatesOf: { channel: 'mini_program', variables: 'variables' },
    }),
    variables: field(z.string().trim().max(2000).default(''), {
      title: { 'zh-CN': '模板变量', en: 'Template variables' },
      help: {
        'zh-CN': '每行一个「变量=值」，如 thing1={{contact.name}}，各类变量有字数上限（thing 20 字、phrase 5 字……）；可选 _page=小程序页面路径，设置点击消息后打开的页面',
        en: 'One key=value a line, such as thing1={{contact.name}}; each kind of variable has a length limit (thing 20, phrase 5…); optionally _page=a mini-program page, opened when the message is tapped',
      },
      widget: 'template',
    }),
    timeout: field(durationSchema.default({ days: 3, hours: 0, minutes: 0, seconds: 0 }), {
      title: { 'zh-CN': '最多等待订阅', en: 'Wait for a subscription at most' },
      help: { 'zh-CN': '到时用户仍未订阅，则走「超时」分支，不发送', en: 'If the user has not subscribed by then, the run leaves by Timeout and nothing is sent' },
    }),
  }),
  ports: ['out', 'timeout'],
  portTitles: { out: { 'zh-CN': '已发送', en: 'Sent' }, timeout: { 'zh-CN': '超时', en: 'Timeout' } },
  sends: true,
  waits: true,
  minimumWait: { field: 'timeout' },
  eventCounts: (config) => Object.values(subscriptionNeeds(config.template)),
  summaryTemplate: { 'zh-CN': '订阅消息 · 未订阅最多等 {{duration timeout}}', en: 'Subscribe message · waits {{duration timeout}} for a subscription' },
});
