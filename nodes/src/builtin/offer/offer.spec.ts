import { defineNode, field, moneySchema, z } from '../../sdk.ts';

export const OFFER_KINDS = ['coupon', 'free_trial', 'discount', 'gift'] as const;

export const offerSpec = defineNode({
  type: 'offer',
  stage: 'convert',
  icon: 'gift',
  title: { 'zh-CN': '发放权益', en: 'Offer' },
  description: {
    'zh-CN': '发放优惠券、试用、折扣或赠品，附唯一券码',
    en: 'Issues a coupon, free trial, discount or gift with a unique code',
  },
  config: z.strictObject({
    kind: field(z.enum(OFFER_KINDS).default('coupon'), {
      title: { 'zh-CN': '类型', en: 'Kind' },
      options: {
        coupon: { 'zh-CN': '优惠券', en: 'Coupon' },
        free_trial: { 'zh-CN': '免费试用', en: 'Free trial' },
        discount: { 'zh-CN': '折扣', en: 'Discount' },
        gift: { 'zh-CN': '赠品', en: 'Gift' },
      },
    }),
    name: field(z.string().trim().min(1).max(100), { title: { 'zh-CN': '名称', en: 'Name' } }),
    value: field(moneySchema.max(1_000_000).default(0), { title: { 'zh-CN': '面值', en: 'Value' } }),
    threshold: field(moneySchema.max(1_000_000).default(0), {
      title: { 'zh-CN': '使用门槛（满）', en: 'Minimum spend' },
      help: {
        'zh-CN': '优惠券满此金额可用，即“满 X 减 面值”；0 为无门槛',
        en: 'A coupon applies from this spend on ("spend X, save the value"); 0 = no minimum',
      },
    }),
    currency: field(z.string().regex(/^[A-Z]{3}$/).default('CNY'), { title: { 'zh-CN': '币种', en: 'Currency' } }),
    expiresInDays: field(z.number().int().min(1).max(3650).default(7), {
      title: { 'zh-CN': '有效天数', en: 'Valid for (days)' },
    }),
    perContactLimit: field(z.number().int().min(1).max(100).default(1), {
      title: { 'zh-CN': '每人限领', en: 'Per-contact limit' },
    }),
  }),
  ports: ['out'],
  summaryTemplate: {
    'zh-CN': '发放: {{name}}{{?kind=coupon}}{{^threshold=0}} · 满 {{threshold}} 减 {{value}}{{/threshold}}{{/kind}}',
    en: 'Offer: {{name}}{{?kind=coupon}}{{^threshold=0}} · spend {{threshold}}, save {{value}}{{/threshold}}{{/kind}}',
  },
});
