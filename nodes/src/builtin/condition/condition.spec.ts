import { defineNode, eventTypeSchema, field, moneySchema, tagSchema, z, type EventCountNeed, type LocalizedText } from '../../sdk.ts';

/** Attribute operators that compare with a value (the others only ask whether there is one). */
const COMPARING_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains'] as const;

/** A rule's kind, labelled for the rule picker. */
const kind = <K extends string>(value: K, title: LocalizedText) => field(z.literal(value), { options: { [value]: title } as Record<K, LocalizedText> });

const COMPARISONS = {
  gte: { 'zh-CN': '大于等于', en: 'at least' },
  lte: { 'zh-CN': '小于等于', en: 'at most' },
  lt: { 'zh-CN': '小于', en: 'less than' },
} as const;

const scalar = z.union([z.string().max(500), z.number(), z.boolean()]);

/** Has (or does not have) a tag. */
export const tagRuleSchema = z.strictObject({
  kind: kind('tag', { 'zh-CN': '标签', en: 'Tag' }),
  op: field(z.enum(['has', 'not_has']).default('has'), {
    options: { has: { 'zh-CN': '有', en: 'has' }, not_has: { 'zh-CN': '没有', en: 'does not have' } },
  }),
  tag: field(tagSchema, { title: { 'zh-CN': '标签', en: 'Tag' }, widget: 'tag' }),
});

/** Compares a contact attribute (as a string for `eq`/`neq`, as a number for `gt`…`lte`) or asks whether it is set. */
export const attributeRuleSchema = z.strictObject({
  kind: kind('attribute', { 'zh-CN': '属性', en: 'Attribute' }),
  key: z.string().trim().min(1).max(100),
  op: field(z.enum([...COMPARING_OPS, 'exists', 'not_exists']).default('eq'), {
    options: {
      eq: { 'zh-CN': '等于', en: 'equals' },
      neq: { 'zh-CN': '不等于', en: 'does not equal' },
      gt: { 'zh-CN': '大于', en: 'greater than' },
      ...COMPARISONS,
      contains: { 'zh-CN': '包含', en: 'contains' },
      exists: { 'zh-CN': '有值', en: 'is set' },
      not_exists: { 'zh-CN': '无值', en: 'is not set' },
    },
  }),
  value: field(scalar.optional(), {
    title: { 'zh-CN': '值', en: 'Value' },
    visibleWhen: { field: 'op', equals: COMPARING_OPS },
  }),
});

/** About the contact's membership cards; only active, unexpired cards count. */
export const membershipRuleSchema = z.strictObject({
  kind: kind('membership', { 'zh-CN': '会员', en: 'Membership' }),
  /** `active`: any active card; `tier`: an active card of `tier`; `expires_within`: an active card ends within `days`. */
  op: field(z.enum(['active', 'none', 'tier', 'expires_within']).default('active'), {
    options: {
      active: { 'zh-CN': '有有效会员', en: 'has an active membership' },
      none: { 'zh-CN': '无有效会员', en: 'has no active membership' },
      tier: { 'zh-CN': '会员等级为', en: 'membership tier is' },
      expires_within: { 'zh-CN': '会员即将到期', en: 'membership expires within' },
    },
  }),
  tier: field(z.string().trim().max(50).optional(), {
    title: { 'zh-CN': '会员等级', en: 'Tier' },
    visibleWhen: { field: 'op', equals: ['tier'] },
  }),
  days: field(z.number().int().min(0).max(3650).optional(), {
    title: { 'zh-CN': '天内到期', en: 'Expires within (days)' },
    visibleWhen: { field: 'op', equals: ['expires_within'] },
  }),
});

/** Compares the contact's stored-value balance (0 without a ledger) with `amount`. */
export const balanceRuleSchema = z.strictObject({
  kind: kind('balance', { 'zh-CN': '余额', en: 'Balance' }),
  op: field(z.enum(['gte', 'lte', 'lt']).default('gte'), { options: COMPARISONS }),
  amount: field(moneySchema.max(100_000_000), { title: { 'zh-CN': '储值余额', en: 'Balance' } }),
});

/**
 * Did (or did not) the contact emit `event` — with every property of `properties`, when given — at least
 * `count` times within the last `days` days, or since the run entered the journey (`within: 'journey'`).
 * Counted over the contact's stored events by their timestamps.
 */
export const behaviourRuleSchema = z.strictObject({
  kind: kind('behaviour', { 'zh-CN': '行为', en: 'Behaviour' }),
  op: field(z.enum(['did', 'did_not']).default('did'), {
    options: { did: { 'zh-CN': '做过', en: 'did' }, did_not: { 'zh-CN': '没做过', en: 'did not' } },
  }),
  event: field(eventTypeSchema, { title: { 'zh-CN': '事件', en: 'Event' }, widget: 'event-type' }),
  properties: field(z.record(z.string().trim().min(1).max(100), scalar).optional(), {
    title: { 'zh-CN': '属性匹配', en: 'Matching properties' },
    help: { 'zh-CN': '只统计属性都相同的事件（可不填）', en: 'Only events with all these properties count (optional)' },
  }),
  count: field(z.number().int().min(1).max(1_000_000).default(1), { title: { 'zh-CN': '至少次数', en: 'At least (times)' } }),
  within: field(z.enum(['days', 'journey']).default('days'), {
    title: { 'zh-CN': '时间范围', en: 'Within' },
    options: { days: { 'zh-CN': '最近几天', en: 'the last days' }, journey: { 'zh-CN': '进入旅程以来', en: 'since entering the journey' } },
  }),
  days: field(z.number().int().min(1).max(3650).default(7), {
    title: { 'zh-CN': '天数', en: 'Days' },
    visibleWhen: { field: 'within', equals: ['days'] },
  }),
});
export type BehaviourRule = z.output<typeof behaviourRuleSchema>;

/** What a behaviour rule needs counted. */
export function behaviourNeed(rule: BehaviourRule): EventCountNeed {
  return { event: rule.event, properties: rule.properties, within: rule.within === 'journey' ? 'journey' : { days: rule.days } };
}

/** One declarative rule; no user code is ever evaluated. */
export const conditionRuleSchema = z.discriminatedUnion('kind', [
  tagRuleSchema,
  attributeRuleSchema,
  z.strictObject({
    kind: kind('last_event', { 'zh-CN': '最近事件', en: 'Last event' }),
    op: field(z.enum(['is', 'is_not']).default('is'), {
      options: { is: { 'zh-CN': '是', en: 'is' }, is_not: { 'zh-CN': '不是', en: 'is not' } },
    }),
    event: eventTypeSchema,
  }),
  behaviourRuleSchema,
  membershipRuleSchema,
  balanceRuleSchema,
  z.strictObject({
    kind: kind('offer', { 'zh-CN': '优惠', en: 'Offer' }),
    /** About offers issued to the contact: one still open (not redeemed, not expired), or one redeemed. */
    op: field(z.enum(['has_open', 'redeemed']).default('has_open'), {
      options: { has_open: { 'zh-CN': '有未使用的优惠', en: 'has an unused offer' }, redeemed: { 'zh-CN': '已核销优惠', en: 'redeemed an offer' } },
    }),
  }),
]);
export type ConditionRule = z.output<typeof conditionRuleSchema>;

export const conditionSpec = defineNode({
  type: 'condition',
  stage: 'operate',
  icon: 'branches',
  title: { 'zh-CN': '条件判断', en: 'Condition' },
  description: {
    'zh-CN': '按标签、属性、会员或行为（做过 / 没做过某事件）分流',
    en: 'Splits on tags, attributes, membership or behaviour (did / did not do an event)',
  },
  config: z.strictObject({
    match: field(z.enum(['all', 'any']).default('all'), {
      title: { 'zh-CN': '匹配方式', en: 'Match' },
      help: { 'zh-CN': '全部满足 / 任一满足', en: 'All rules / any rule' },
      options: { all: { 'zh-CN': '全部满足', en: 'All rules' }, any: { 'zh-CN': '任一满足', en: 'Any rule' } },
    }),
    rules: field(z.array(conditionRuleSchema).min(1).max(20), {
      title: { 'zh-CN': '规则', en: 'Rules' },
      widget: 'rules',
    }),
  }),
  ports: ['yes', 'no'],
  eventCounts: (config) => config.rules.flatMap((rule) => (rule.kind === 'behaviour' ? [behaviourNeed(rule)] : [])),
  portTitles: { yes: { 'zh-CN': '是', en: 'Yes' }, no: { 'zh-CN': '否', en: 'No' } },
  summaryTemplate: {
    'zh-CN': '{{rules.length}} 条规则（{{?match=all}}全部{{/match}}{{^match=all}}任一{{/match}}）',
    en: '{{rules.length}} rule(s), {{match}}',
  },
});
