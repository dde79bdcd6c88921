import { defineExecutor } from '../../sdk.ts';
import { exitSpec } from './exit.spec.ts';

export const exitExecutor = defineExecutor(exitSpec, {
  execute: () => ({ type: 'end' }),
});
