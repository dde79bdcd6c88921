import { channelMessage, defineExecutor, isWithinDailyWindow, nextTimeOfDay, type JourneySettings, type SentMessageSnapshot } from '../../sdk.ts';
import { contentPushSpec } from './content-push.spec.ts';

/**
 * The first moment at or after `now` when a message of this journey on `channel` breaks neither the
 * quiet hours nor the frequency cap (at most `max` messages in any `perHours` window).
 */
function nextAllowedSend(
  now: number,
  settings: JourneySettings,
  message: { journeyId: string; channel: string; sent: readonly SentMessageSnapshot[] },
): number {
  const { quietHours, frequencyCap, timezone } = settings;
  const capped = frequencyCap !== null && (frequencyCap.channels.length === 0 || frequencyCap.channels.some((c) => c === message.channel));
  const windowMs = (frequencyCap?.perHours ?? 0) * 3_600_000;
  const sent = capped
    ? message.sent.filter((m) => m.journeyId === message.journeyId && m.channel === message.channel).map((m) => m.at).sort((a, b) => a - b)
    : [];
  let at = now;
  // Each pass moves `at` forward to the end of a quiet period or of a full cap window; two passes
  // that move nothing mean both rules hold. The bound only guards against a malformed setting.
  for (let pass = 0; pass < 10; pass++) {
    let moved = false;
    if (quietHours && isWithinDailyWindow(at, quietHours, timezone)) {
      at = nextTimeOfDay(at, quietHours.end, timezone);
      moved = true;
    }
    if (capped) {
      const inWindow = sent.filter((t) => t > at - windowMs && t <= at);
      if (inWindow.length >= frequencyCap.max) {
        at = inWindow[inWindow.length - frequencyCap.max]! + windowMs;
        moved = true;
      }
    }
    if (!moved) return at;
  }
  return at;
}

/**
 * Renders the message into the outbox. A message that would fall in the journey's quiet hours or
 * break its frequency cap is delayed: the run waits at the node until the next allowed moment, then sends.
 */
export const contentPushExecutor = defineExecutor(contentPushSpec, {
  execute: ({ config, settings, now, render, run, contact }) => {
    const at = nextAllowedSend(now, settings, { journeyId: run.journeyId, channel: config.channel, sent: contact.messages ?? [] });
    if (at > now) return { type: 'wait', until: at };
    return {
      type: 'next',
      port: 'out',
      effects: [channelMessage(config.channel, render(config.title), render(config.template))],
    };
  },
});
