import { defineNode, field, z } from '../../sdk.ts';

/** Attribute operators that compare with a value (the others only ask whether there is one). */
const COMPARING_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains'] as const;

const scalar = z.union([z.string().max(500), z.number(), z.boolean()]);

/** Has (or does not have) a tag. */
export const tagRuleSchema = z.object({
  kind: z.literal('tag'),
  op: z.enum(['has', 'not_has']).default('has'),
  tag: field(z.string().trim().min(1).max(50), { title: { 'zh-CN': '标签', en: 'Tag' }, widget: 'tag' }),
});

/** Compares a contact attribute (as a string for `eq`/`neq`, as a number for `gt`…`lte`) or asks whether it is set. */
export const attributeRuleSchema = z.object({
  kind: z.literal('attribute'),
  key: z.string().trim().min(1).max(100),
  op: z.enum([...COMPARING_OPS, 'exists', 'not_exists']).default('eq'),
  value: field(scalar.optional(), {
    title: { 'zh-CN': '值', en: 'Value' },
    visibleWhen: { field: 'op', equals: COMPARING_OPS },
  }),
});

/** About the contact's membership cards; only active, unexpired cards count. */
export const membershipRuleSchema = z.object({
  kind: z.literal('membership'),
  /** `active`: any active card; `tier`: an active card of `tier`; `expires_within`: an active card ends within `days`. */
  op: z.enum(['active', 'none', 'tier', 'expires_within']).default('active'),
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
export const balanceRuleSchema = z.object({
  kind: z.literal('balance'),
  op: z.enum(['gte', 'lte', 'lt']).default('gte'),
  amount: field(z.number().min(0).max(100_000_000), { title: { 'zh-CN': '储值余额', en: 'Balance' } }),
});

/** One declarative rule; no user code is ever evaluated. */
export const conditionRuleSchema = z.discriminatedUnion('kind', [
  tagRuleSchema,
  attributeRuleSchema,
  z.object({
    kind: z.literal('last_event'),
    op: z.enum(['is', 'is_not']).default('is'),
    event: z.string().trim().min(1).max(100),
  }),
  membershipRuleSchema,
  balanceRuleSchema,
  z.object({
    kind: z.literal('offer'),
    /** About offers issued to the contact: one still open (not redeemed, not expired), or one redeemed. */
    op: z.enum(['has_open', 'redeemed']).default('has_open'),
  }),
]);
export type ConditionRule = z.output<typeof conditionRuleSchema>;

export const conditionSpec = defineNode({
  type: 'condition',
  stage: 'operate',
  icon: 'branches',
  title: { 'zh-CN': '条件判断', en: 'Condition' },
  description: {
    'zh-CN': '按标签、属性或最近事件分流',
    en: 'Splits on tags, attributes or the last event',
  },
  config: z.object({
    match: field(z.enum(['all', 'any']).default('all'), {
      title: { 'zh-CN': '匹配方式', en: 'Match' },
      help: { 'zh-CN': '全部满足 / 任一满足', en: 'All rules / any rule' },
    }),
    rules: field(z.array(conditionRuleSchema).min(1).max(20), {
      title: { 'zh-CN': '规则', en: 'Rules' },
      widget: 'rules',
    }),
  }),
  ports: ['yes', 'no'],
  portTitles: { yes: { 'zh-CN': '是', en: 'Yes' }, no: { 'zh-CN': '否', en: 'No' } },
  summary: (c) => ({
    'zh-CN': `${c.rules.length} 条规则（${c.match === 'all' ? '全部' : '任一'}）`,
    en: `${c.rules.length} rule(s), ${c.match}`,
  }),
});
