import { defineNode, field, z } from '../../sdk.ts';

export const goalSpec = defineNode({
  type: 'goal',
  stage: 'any',
  icon: 'trophy',
  title: { 'zh-CN': '转化目标', en: 'Goal' },
  description: { 'zh-CN': '记录一次转化，旅程继续', en: 'Marks a conversion; the run continues' },
  config: z.strictObject({
    name: field(z.string().trim().min(1).max(100).default('转化'), { title: { 'zh-CN': '目标名称', en: 'Goal name' } }),
  }),
  ports: ['out'],
  goal: true,
  summaryTemplate: { 'zh-CN': '目标: {{name}}', en: 'Goal: {{name}}' },
});
