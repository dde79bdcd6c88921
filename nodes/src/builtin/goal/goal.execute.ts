import { defineExecutor } from '../../sdk.ts';
import { goalSpec } from './goal.spec.ts';

export const goalExecutor = defineExecutor(goalSpec, {
  execute: ({ config }) => ({ type: 'next', port: 'out', effects: [{ kind: 'goal', name: config.name }] }),
});
