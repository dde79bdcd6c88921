import { channelField, defineNode, durationSchema, field, MESSAGE_PRIORITIES, subscriptionNeeds, z } from '../../sdk.ts';

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
    title: field(z.string().trim().max(100).default(''), {
      title: { 'zh-CN': '标题', en: 'Title' },
      help: {
        'zh-CN': '短信、公众号模板消息与订阅通知、小程序订阅消息只能发送审核通过的模板：渠道已连接时从列表中按名称选择模板（公众号的模板按「模板消息」「订阅通知」分组），内容按模板字段逐项填写（每行一个「变量=值」）；也可直接填模板 CODE（阿里云，如 SMS_154950909）或模板 ID，公众号订阅通知写作 subscribe:模板 ID（每次订阅只能发一条）',
        en: 'SMS, Official Account template messages and subscription notifications, and mini-program subscribe messages send approved templates only: with the channel connected, pick the template by name (the Official Account lists them under Template message and Subscription notification) and fill in its fields (one key=value a line); or type the template code (Aliyun, e.g. SMS_154950909) or id, an Official Account subscription notification as subscribe:<template id> (one message per subscription)',
      },
    }),
    template: field(z.string().trim().min(1).max(4000), {
      title: { 'zh-CN': '内容模板', en: 'Message template' },
      help: { 'zh-CN': '可插入变量，如 {{contact.name | 朋友}}（竖线后是没有该资料时的默认值）', en: 'Variables such as {{contact.name | friend}} are filled in (after the bar: what shows when the contact lacks it)' },
      widget: 'template',
    }),
    priority: field(z.enum(MESSAGE_PRIORITIES).default('marketing'), {
      title: { 'zh-CN': '消息类型', en: 'Message type' },
      help: {
        'zh-CN': '营销消息遵守频次上限、免打扰时段和退订；事务消息（刚发放的券码、订单通知）不受上限和免打扰限制、不计入频次，只有退订全部渠道的联系人收不到。',
        en: 'Marketing messages keep to frequency caps, quiet hours and opt-outs; transactional ones (a coupon code just issued, an order notice) pass caps and quiet hours, count toward no cap, and stop only for contacts who opted out of every channel.',
      },
      options: {
        marketing: { 'zh-CN': '营销', en: 'Marketing' },
        transactional: { 'zh-CN': '事务', en: 'Transactional' },
      },
    }),
    subscriptionWait: field(durationSchema.default({ days: 3, hours: 0, minutes: 0, seconds: 0 }), {
      title: { 'zh-CN': '没有订阅时最多等待', en: 'Without a subscription, wait at most' },
      help: {
        'zh-CN': '小程序订阅消息和公众号订阅通知每条都要用掉客户对该模板的一次订阅：客户还没有订阅时，等他订阅后再发；到时仍没有订阅就跳过这条消息，继续往下走',
        en: 'A mini-program subscribe message or an Official Account subscription notification spends one of the contact’s subscriptions to its template: without one, the push waits for the contact to subscribe; still none by then, it is skipped and the journey goes on',
      },
      visibleWhen: { field: 'channel', equals: ['mini_program', 'official_account'] },
    }),
  }),
  ports: ['out'],
  sends: true,
  // Only a push that spends a subscription (a subscribe message, a subscription notification) counts anything.
  eventCounts: (config) => {
    const needs = subscriptionNeeds(config.channel, config.title);
    return needs ? [needs.subscribed, needs.used] : [];
  },
  summaryTemplate: { 'zh-CN': '推送: {{label channel}}', en: 'Push: {{label channel}}' },
});
