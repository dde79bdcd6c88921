import { z } from 'zod';
import { field, type LocalizedText } from './define-node.ts';
import { moneySchema } from './money.ts';
import { CHANNEL_TITLES, CHANNELS, type Channel } from './vocabulary.ts';

/**
 * The channel picker of a node that sends messages: the delivery channels with their names, in the
 * editor's channel widget.
 *
 * @example
 * ```ts
 * config: z.strictObject({ channel: channelField(), template: field(z.string().min(1), { title: { 'zh-CN': '内容', en: 'Text' } }) })
 * ```
 */
export function channelField(fallback: Channel = 'wecom_private') {
  return field(z.enum(CHANNELS).default(fallback), { title: { 'zh-CN': '渠道', en: 'Channel' }, widget: 'channel', options: CHANNEL_TITLES });
}

/** What a reward can be; a `reward` effect issues one (`balance` credits the ledger, `coupon` adds an offer). */
export const REWARD_KINDS = ['points', 'coupon', 'balance'] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];

const REWARD_TITLES: Record<RewardKind, LocalizedText> = {
  points: { 'zh-CN': '积分', en: 'Points' },
  coupon: { 'zh-CN': '优惠券', en: 'Coupon' },
  balance: { 'zh-CN': '余额', en: 'Balance' },
};

/**
 * A reward's kind and amount, with these defaults, for nodes that reward the contact. A coupon reward
 * also has a spend threshold (满 `threshold` 减 `amount`; 0 = none), as the offer node's coupons do.
 *
 * @example
 * ```ts
 * reward: rewardField({ kind: 'coupon', amount: 20 }),
 * // in the executor:
 * effects: [{ kind: 'reward', rewardKind: config.reward.kind, amount: config.reward.amount }]
 * ```
 */
export function rewardField(defaults: { kind: RewardKind; amount: number }) {
  return field(
    z.strictObject({
      kind: field(z.enum(REWARD_KINDS).default(defaults.kind), { title: { 'zh-CN': '奖励类型', en: 'Reward type' }, options: REWARD_TITLES }),
      amount: field(moneySchema.max(1_000_000).default(defaults.amount), {
        title: { 'zh-CN': '数量（优惠券为面值）', en: 'Amount (a coupon’s value)' },
      }),
      threshold: field(moneySchema.max(1_000_000).default(0), {
        title: { 'zh-CN': '使用门槛（满）', en: 'Minimum spend' },
        help: {
          'zh-CN': '仅优惠券：满此金额可用，即“满 X 减 面值”；0 为无门槛',
          en: 'Coupons only: applies from this spend on ("spend X, save the value"); 0 = no minimum',
        },
      }),
    }),
    { title: { 'zh-CN': '奖励', en: 'Reward' } },
  );
}
