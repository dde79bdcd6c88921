import { defineNode, field, localized, tagSchema, z } from '../../sdk.ts';


export const tagSpec = defineNode({
  type: 'tag',
  stage: 'operate',
  icon: 'tag',
  title: { 'zh-CN': '打标签', en: 'Tag' },
  description: { 'zh-CN': '为联系人添加或移除标签', en: 'Adds and removes tags on the contact' },
  config: z
    .strictObject({
      add: field(z.array(tagSchema).max(50).default([]), {
        title: { 'zh-CN': '添加标签', en: 'Add tags' },
        widget: 'tag-list',
      }),
      remove: field(z.array(tagSchema).max(50).default([]), {
        title: { 'zh-CN': '移除标签', en: 'Remove tags' },
        widget: 'tag-list',
      }),
    })
    .refine((c) => c.add.length + c.remove.length > 0, {
      message: localized({ en: 'Add or remove at least one tag', 'zh-CN': '请至少添加或移除一个标签' }),
      path: ['add'],
    }),
  ports: ['out'],
  summaryTemplate: {
    'zh-CN': '{{?add}}+{{add}}{{/add}} {{?remove}}-{{remove}}{{/remove}}',
    en: '{{?add}}+{{add}}{{/add}} {{?remove}}-{{remove}}{{/remove}}',
  },
});
