import { z } from 'zod';
import { defineNode, field } from '../../core/define-node.ts';

/** Attribute operators that compare with a value (the others only ask whether there is one). */
const COMPARING_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains'] as const;

const scalar = z.union([z.string().max(500), z.number(), z.boolean()]);

/** One declarative rule; no user code is ever evaluated. */
export const conditionRuleSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('tag'),
    op: z.enum(['has', 'not_has']).default('has'),
    tag: field(z.string().trim().min(1).max(50), { title: { 'zh-CN': '标签', en: 'Tag' }, widget: 'tag' }),
  }),
  z.object({
    kind: z.literal('attribute'),
    key: z.string().trim().min(1).max(100),
    op: z.enum([...COMPARING_OPS, 'exists', 'not_exists']).default('eq'),
    value: field(scalar.optional(), {
      title: { 'zh-CN': '值', en: 'Value' },
      visibleWhen: { field: 'op', equals: COMPARING_OPS },
    }),
  }),
  z.object({
    kind: z.literal('last_event'),
    op: z.enum(['is', 'is_not']).default('is'),
    event: z.string().trim().min(1).max(100),
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
