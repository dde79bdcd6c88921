import { defineNode, field, localized, z } from '../../sdk.ts';

const variant = z.strictObject({
  key: z.string().regex(/^[a-z0-9_]{1,30}$/, localized({ en: 'Lowercase letters, digits and _ only', 'zh-CN': '只能包含小写字母、数字和下划线' })),
  label: z.string().trim().max(50).default(''),
  weight: z.number().min(0).max(100),
});

export const abSplitSpec = defineNode({
  type: 'ab_split',
  stage: 'operate',
  icon: 'split',
  title: { 'zh-CN': 'A/B 分流', en: 'A/B split' },
  description: {
    'zh-CN': '按权重随机分流，同一联系人总是进入同一分支',
    en: 'Weighted random split, the same branch every time for a contact',
  },
  config: z.strictObject({
    variants: field(
      z
        .array(variant)
        .min(2)
        .max(10)
        .default([
          { key: 'a', label: 'A', weight: 50 },
          { key: 'b', label: 'B', weight: 50 },
        ])
        .refine((vs) => new Set(vs.map((v) => v.key)).size === vs.length, localized({ en: 'Variant keys must be unique', 'zh-CN': '分支标识不能重复' }))
        .refine((vs) => vs.some((v) => v.weight > 0), localized({ en: 'At least one weight must be above 0', 'zh-CN': '至少一个分支的权重大于 0' })),
      { title: { 'zh-CN': '分支', en: 'Variants' }, widget: 'variants' },
    ),
  }),
  ports: { fromConfig: 'variants' },
  summaryTemplate: {
    'zh-CN': '{{#variants " / "}}{{?label}}{{label}}{{/label}}{{^label}}{{key}}{{/label}} {{weight}}{{/variants}}',
    en: '{{#variants " / "}}{{?label}}{{label}}{{/label}}{{^label}}{{key}}{{/label}} {{weight}}{{/variants}}',
  },
});
