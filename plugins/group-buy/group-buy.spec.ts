import { channelField, defineNode, durationSchema, field, rewardField, z } from '@journey/sdk';

/**
 * 拼团: the contact opens a group and shares its link; friends join through it. When `friends` have
 * joined the group forms — the contact is rewarded and leaves by `formed`; at the time-out by `failed`.
 */
export const groupBuySpec = defineNode({
  type: 'group_buy',
  stage: 'refer',
  icon: '👥',
  title: { 'zh-CN': '拼团', en: 'Group buy' },
  description: {
    'zh-CN': '联系人开团并分享拼团链接，好友参团达到人数即成团并发放奖励，超时未成团则失败',
    en: 'The contact opens a group and shares its link; when enough friends join it forms and the reward is issued, else it fails at the time-out',
  },
  config: z.strictObject({
    friends: field(z.number().int().min(1).max(49).default(2), {
      title: { 'zh-CN': '成团需邀请好友数', en: 'Friends needed' },
      help: { 'zh-CN': '不含团长本人', en: 'Not counting the contact who opens the group' },
    }),
    landingUrl: field(z.url({ protocol: /^https?$/ }).max(2000), {
      title: { 'zh-CN': '拼团页面', en: 'Group page' },
      help: {
        'zh-CN': '拼团链接 = 页面 + ?group=团号&leader=团长；好友参团时，页面为团长上报 group_buy.joined 事件（group、member）',
        en: 'Group link = page + ?group=<code>&leader=<contact>; when a friend joins, the page sends group_buy.joined for the leader (group, member)',
      },
    }),
    channel: channelField(),
    template: field(z.string().trim().min(1).max(4000).default('{{contact.name | 朋友}}，你的团已开好！邀请 {{groupBuy.needed}} 位好友通过 {{groupBuy.link}} 参团，成团即得奖励'), {
      title: { 'zh-CN': '开团通知', en: 'Group opened message' },
      help: { 'zh-CN': '可用 {{groupBuy.link}} 插入拼团链接，{{groupBuy.needed}} 插入人数', en: 'Use {{groupBuy.link}} for the group link and {{groupBuy.needed}} for the number of friends' },
      widget: 'template',
    }),
    timeout: field(durationSchema.default({ days: 1, hours: 0, minutes: 0, seconds: 0 }), { title: { 'zh-CN': '成团时限', en: 'Time limit' } }),
    reward: rewardField({ kind: 'coupon', amount: 20 }).default({ kind: 'coupon', amount: 20, threshold: 0 }),
  }),
  ports: ['formed', 'failed'],
  portTitles: { formed: { 'zh-CN': '已成团', en: 'Formed' }, failed: { 'zh-CN': '未成团', en: 'Failed' } },
  waits: true,
  goal: { ports: ['formed'] },
  summaryTemplate: {
    'zh-CN': '{{friends}} 位好友成团 · {{duration timeout}} · {{label reward.kind}} {{reward.amount}}',
    en: '{{friends}} friends to form · {{duration timeout}} · {{label reward.kind}} {{reward.amount}}',
  },
});
