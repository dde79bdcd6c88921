import { defineExecutor, durationMs } from '../../sdk.ts';
import { waitEventSpec } from './wait-event.spec.ts';

/**
 * Parks the run until the contact emits the event (with every `match` property equal) or the timeout
 * passes. The runtime resumes it once: by the event (`matched`) or by the timer (`timeout`).
 */
export const waitEventExecutor = defineExecutor(waitEventSpec, {
  execute: ({ config, now, resume }) => {
    if (resume) return { type: 'next', port: resume.reason === 'event' ? 'matched' : 'timeout' };
    const match = Object.keys(config.match).length > 0 ? { match: config.match } : {};
    return { type: 'wait', until: now + durationMs(config.timeout), event: { type: config.event, ...match } };
  },
});
