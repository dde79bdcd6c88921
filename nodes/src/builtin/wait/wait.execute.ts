import { defineExecutor, durationMs, nextTimeOfDay } from '../../sdk.ts';
import { waitSpec } from './wait.spec.ts';

/** Parks the run, even for a zero duration (one trip through the queue), and leaves when woken. */
export const waitExecutor = defineExecutor(waitSpec, {
  execute: ({ config, settings, now, resume }) => {
    if (resume) return { type: 'next', port: 'out' };
    const until =
      config.mode === 'time_of_day'
        ? nextTimeOfDay(now, config.timeOfDay!, settings.timezone)
        : now + durationMs(config.duration);
    return { type: 'wait', until };
  },
});
