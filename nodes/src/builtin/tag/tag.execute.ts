import { defineExecutor } from '../../sdk.ts';
import { tagSpec } from './tag.spec.ts';

export const tagExecutor = defineExecutor(tagSpec, {
  execute: ({ config }) => ({
    type: 'next',
    port: 'out',
    effects: [{ kind: 'tags', add: config.add, remove: config.remove }],
  }),
});
