import { channelField, defineNode, durationSchema, field, z } from '../../sdk.ts';

export const membershipUpsellSpec = defineNode({
  type: 'membership_upsell',
  stage: 'repurchase',
  icon: 'crown',
  title: { 'zh-CN': '会员升级', en: 'Membership upsell' },
  description: {
    'zh-CN': '推荐付费会员卡或储值方案，等待购买',
    en: 'Offers a paid membership or stored-value plan and waits for the purchase',
  },
  config: z.strictObject({
    plan: field(z.string().trim().min(1).max(100), { title: { 'zh-CN': '方案', en: 'Plan' }, widget: 'plan' }),
    channel: channelField(),
    template: field(z.string().trim().min(1).max(4000).default('{{contact.name | 朋友}}，开通会员享专属权益'), {
      title: { 'zh-CN': '推荐文案', en: 'Message template' },
      widget: 'template',
    }),
    timeout: field(durationSchema.default({ days: 7, hours: 0, minutes: 0, seconds: 0 }), {
      title: { 'zh-CN': '等待期限', en: 'Wait up to' },
    }),
  }),
  ports: ['joined', 'declined'],
  portTitles: {
    joined: { 'zh-CN': '已开通', en: 'Joined' },
    declined: { 'zh-CN': '未开通', en: 'Declined' },
  },
  waits: true,
  // Without the purchase, the run goes on when the timeout is up: at once for a 0 s timeout.
  minimumWait: { field: 'timeout' },
  summaryTemplate: { 'zh-CN': '推荐: {{plan}}', en: 'Upsell: {{plan}}' },
});
