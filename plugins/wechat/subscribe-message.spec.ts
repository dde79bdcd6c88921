import { defineNode, durationSchema, field, localized, subscriptionNeeds, z, type EventCountNeed } from '@journey/sdk';
import { OFFICIAL_ACCOUNT_SUBSCRIPTIONS, subscriptionApp, wechatTemplateId, type SubscriptionApp } from './subscriptions.ts';

/** The apps the node sends from: each one's channel. */
export const SUBSCRIPTION_APPS = ['mini_program', 'official_account'] as const satisfies readonly SubscriptionApp['channel'][];

/** The counts the node reads for its app's template: subscriptions accepted, and used (`subscriptionNeeds` of the SDK). */
export function appSubscriptionNeeds(templateId: string, channel: SubscriptionApp['channel'] = 'mini_program'): { subscribed: EventCountNeed; used: EventCountNeed } {
  const app = subscriptionApp(channel);
  // The node names a template by WeChat's id or as its channel does (`subscribe:<id>`): either way the same counts.
  return subscriptionNeeds(channel, `${app.templatePrefix}${wechatTemplateId(app, templateId)}`)!;
}

export const subscribeMessageSpec = defineNode({
  type: 'subscribe_message',
  stage: 'operate',
  icon: 'message',
  title: { 'zh-CN': '订阅消息', en: 'Subscribe message' },
  description: {
    'zh-CN': '小程序订阅消息或公众号订阅通知：用户订阅过该模板就发送（每次订阅只能发一条）；还没有订阅时等用户订阅，超时走「超时」分支',
    en: "A mini-program subscribe message or an Official Account subscription notification: sends when the user has a subscription to the template left (one message per subscription); without one, waits for them to subscribe, or leaves by Timeout",
  },
  config: z
    .strictObject({
      app: field(z.enum(SUBSCRIPTION_APPS).default('mini_program'), {
        title: { 'zh-CN': '发送方', en: 'Send from' },
        options: {
          mini_program: { 'zh-CN': '小程序订阅消息', en: 'Mini-program subscribe message' },
          official_account: { 'zh-CN': '公众号订阅通知', en: 'Official Account subscription notification' },
        },
      }),
      template: field(z.string().trim().min(1).max(138), {
        title: { 'zh-CN': '订阅消息模板', en: 'Subscribe message template' },
        help: {
          'zh-CN': '小程序后台「订阅消息 → 我的模板」或公众号后台「订阅通知 → 我的模板」里的模板（公众号只能选「订阅通知」一类）',
          en: "A template of the mini-program's subscribe messages (订阅消息 → 我的模板) or of the Official Account's subscription notifications (订阅通知 → 我的模板; on the Official Account only that kind)",
        },
        templatesOf: { channelField: 'app', variables: 'variables' },
      }),
      variables: field(z.string().trim().max(2000).default(''), {
        title: { 'zh-CN': '模板变量', en: 'Template variables' },
        help: {
          'zh-CN':
            '每行一个「变量=值」，如 thing1={{contact.name}}，各类变量有字数上限（thing 20 字、phrase 5 字……）；点击消息后打开的页面：小程序可选 _page=页面路径，公众号可选 _url=网页地址，或 _miniprogram_appid=小程序 AppID 与 _miniprogram_pagepath=页面路径',
          en: 'One key=value a line, such as thing1={{contact.name}}; each kind of variable has a length limit (thing 20, phrase 5…). Where tapping the message goes: on the mini-program optionally _page=a page; on the Official Account optionally _url=a web page, or _miniprogram_appid=a mini-program AppID with _miniprogram_pagepath=its page',
        },
        widget: 'template',
      }),
      timeout: field(durationSchema.default({ days: 3, hours: 0, minutes: 0, seconds: 0 }), {
        title: { 'zh-CN': '最多等待订阅', en: 'Wait for a subscription at most' },
        help: { 'zh-CN': '到时用户仍未订阅，则走「超时」分支，不发送', en: 'If the user has not subscribed by then, the run leaves by Timeout and nothing is sent' },
      }),
    })
    .superRefine((config, ctx) => {
      // A template of the other app (picked before the app was switched) would be refused by WeChat.
      const official = config.template.startsWith(OFFICIAL_ACCOUNT_SUBSCRIPTIONS.templatePrefix);
      if (config.app === 'official_account' && !official) {
        ctx.addIssue({
          code: 'custom',
          path: ['template'],
          message: localized({ en: 'On the Official Account, pick a subscription notification template (a template message cannot wait for a subscription)', 'zh-CN': '公众号请选择「订阅通知」模板（模板消息不需要订阅）' }),
        });
      } else if (config.app === 'mini_program' && official) {
        ctx.addIssue({ code: 'custom', path: ['template'], message: localized({ en: 'This is an Official Account template: pick one of the mini-program’s', 'zh-CN': '这是公众号的模板，请选择小程序的订阅消息模板' }) });
      }
    }),
  ports: ['out', 'timeout'],
  portTitles: { out: { 'zh-CN': '已发送', en: 'Sent' }, timeout: { 'zh-CN': '超时', en: 'Timeout' } },
  sends: true,
  waits: true,
  minimumWait: { field: 'timeout' },
  eventCounts: (config) => {
    const { subscribed, used } = appSubscriptionNeeds(config.template, config.app);
    return [subscribed, used];
  },
  summaryTemplate: {
    'zh-CN': '{{label app}} · 未订阅最多等 {{duration timeout}}',
    en: '{{label app}} · waits {{duration timeout}} for a subscription',
  },
});
