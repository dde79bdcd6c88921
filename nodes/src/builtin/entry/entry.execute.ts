import { defineExecutor } from '../../sdk.ts';
import { entrySpec } from './entry.spec.ts';

/**
 * Matching the event and re-entry are the event processor's; once a run exists it just leaves. The
 * step's detail names the event it entered on and that event's source, for the contact's timeline.
 */
export const entryExecutor = defineExecutor(entrySpec, {
  execute: ({ event }) => {
    if (!event) return { type: 'next', port: 'out' };
    const source = event.properties.source;
    return { type: 'next', port: 'out', detail: { event: event.type, source: typeof source === 'string' ? source : null } };
  },
});
