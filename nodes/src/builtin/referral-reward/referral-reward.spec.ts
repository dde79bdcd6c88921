import { channelField, defineNode, durationSchema, eventTypeSchema, field, rewardField, z } from '../../sdk.ts';

export const referralRewardSpec = defineNode({
  type: 'referral_reward',
  stage: 'refer',
  icon: 'share',
  title: { 'zh-CN': '邀请有礼', en: 'Referral reward' },
  description: {
    'zh-CN': '给联系人专属邀请码，邀请达标后发放奖励',
    en: 'Gives the contact a referral code and rewards them when enough invitees qualify',
  },
  config: z.strictObject({
    channel: channelField(),
    template: field(z.string().trim().min(1).max(4000).default('{{contact.name | 朋友}}，邀请好友注册时填写邀请码 {{referral.code}}，达标即得奖励'), {
      title: { 'zh-CN': '邀请文案', en: 'Invitation message' },
      help: {
        'zh-CN': '可用 {{referral.code}} 插入邀请码，{{referral.link}} 插入邀请链接',
        en: 'Use {{referral.code}} for the referral code and {{referral.link}} for the link',
      },
      widget: 'template',
    }),
    landingUrl: field(z.union([z.literal(''), z.url({ protocol: /^https?$/ }).max(2000)]).default(''), {
      title: { 'zh-CN': '邀请落地页', en: 'Landing page' },
      help: {
        'zh-CN': '邀请链接 = 落地页 + ?ref=邀请码；落地页上报入口事件时带上 referralCode',
        en: 'Referral link = landing page + ?ref=<code>; the page sends the entry event with referralCode',
      },
    }),
    threshold: field(z.number().int().min(1).max(1000).default(3), {
      title: { 'zh-CN': '邀请人数', en: 'Invitees needed' },
    }),
    qualifyEvent: field(eventTypeSchema.default('contact.acquired'), {
      title: { 'zh-CN': '被邀请人达标事件', en: 'Invitee qualifies on' },
      widget: 'event-type',
    }),
    reward: rewardField({ kind: 'points', amount: 100 }),
    timeout: field(durationSchema.default({ days: 30, hours: 0, minutes: 0, seconds: 0 }), {
      title: { 'zh-CN': '活动期限', en: 'Time limit' },
    }),
  }),
  ports: ['rewarded', 'timeout'],
  portTitles: {
    rewarded: { 'zh-CN': '已奖励', en: 'Rewarded' },
    timeout: { 'zh-CN': '超时', en: 'Timeout' },
  },
  waits: true,
  // Without the invitees, the run goes on when the timeout is up: at once for a 0 s timeout.
  minimumWait: { field: 'timeout' },
  // The editor fills only top-level defaults, so a stored reward may lack `threshold`: shown when set and not 0.
  summaryTemplate: {
    'zh-CN': '邀请 {{threshold}} 人得奖励{{?reward.kind=coupon}}: {{^reward.threshold=0}}{{?reward.threshold}}满 {{reward.threshold}} {{/reward.threshold}}{{/reward.threshold}}减 {{reward.amount}} 券{{/reward.kind}}',
    en: 'Invite {{threshold}} to earn a reward{{?reward.kind=coupon}}: a coupon, {{^reward.threshold=0}}{{?reward.threshold}}spend {{reward.threshold}}, {{/reward.threshold}}{{/reward.threshold}}save {{reward.amount}}{{/reward.kind}}',
  },
});
