import { defineExecutor } from '../../core/define-executor.ts';
import { isWithinDailyWindow, nextTimeOfDay } from '../../core/zoned-time.ts';
import { contentPushSpec } from './content-push.spec.ts';

/** Renders the message into the outbox; inside the journey's quiet hours it waits for them to end. */
export const contentPushExecutor = defineExecutor(contentPushSpec, {
  execute: ({ config, settings, now, render }) => {
    const quiet = settings.quietHours;
    if (quiet && isWithinDailyWindow(now, quiet, settings.timezone)) {
      return { type: 'wait', until: nextTimeOfDay(now, quiet.end, settings.timezone) };
    }
    return {
      type: 'next',
      port: 'out',
      effects: [{ kind: 'message', channel: config.channel, title: render(config.title), body: render(config.template) }],
    };
  },
});
