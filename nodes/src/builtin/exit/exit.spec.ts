import { defineNode, z } from '../../sdk.ts';

export const exitSpec = defineNode({
  type: 'exit',
  stage: 'any',
  icon: 'stop',
  title: { 'zh-CN': '结束', en: 'Exit' },
  description: { 'zh-CN': '结束本次旅程', en: 'Ends the run' },
  config: z.strictObject({}),
  ports: [],
});
