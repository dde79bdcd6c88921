import { defineExecutor } from '../../sdk.ts';
import { entrySpec } from './entry.spec.ts';

/** Matching the event and re-entry are the event processor's; once a run exists it just leaves. */
export const entryExecutor = defineExecutor(entrySpec, {
  execute: () => ({ type: 'next', port: 'out' }),
});
