import {
  ALL_CHANNELS,
  calendarPeriod,
  CHANNEL_SUBSCRIPTIONS,
  channelMessage,
  defineExecutor,
  durationMs,
  HOLD_REASONS,
  isWithinDailyWindow,
  nextTimeOfDay,
  ruleCovers,
  SKIP_REASONS,
  subscriptionNeeds,
  subscriptionsLeft,
  type CarrierLimit,
  type JourneySettings,
  type SentMessageSnapshot,
  type WorkspaceSettings,
} from '../../sdk.ts';
import { contentPushSpec } from './content-push.spec.ts';

/**
 * One cap a message must keep: at most `max` of the counted send times at any moment. `counted(at)` is
 * the sends that count at `at` (within a rolling window, or in the calendar period of `at`), and
 * `releasedAt` the moment the earliest of the `max` latest stops counting.
 */
interface Cap {
  max: number;
  reason: string;
  counted(at: number): number[];
  releasedAt(at: number, counted: readonly number[]): number;
}

function rollingCap(times: number[], max: number, windowMs: number, reason: string): Cap {
  return {
    max,
    reason,
    counted: (at) => times.filter((t) => t > at - windowMs && t <= at),
    releasedAt: (_at, counted) => counted[counted.length - max]! + windowMs,
  };
}

function calendarCap(times: number[], limit: CarrierLimit): Cap {
  return {
    max: limit.max,
    reason: HOLD_REASONS.carrierCap,
    counted: (at) => {
      const { start } = calendarPeriod(at, limit.period, limit.timezone);
      return times.filter((t) => t >= start && t <= at);
    },
    releasedAt: (at) => calendarPeriod(at, limit.period, limit.timezone).end,
  };
}

/**
 * The caps a marketing message on `channel` must keep: the journey's own (its messages only), each
 * workspace rule over it, and the limit of the carrier delivering it.
 */
function capsFor(
  settings: JourneySettings,
  workspace: WorkspaceSettings,
  carrierLimits: readonly CarrierLimit[],
  message: { journeyId: string; channel: string; sent: readonly SentMessageSnapshot[] },
): Cap[] {
  const caps: Cap[] = [];
  const times = (keep: (m: SentMessageSnapshot) => boolean) => message.sent.filter(keep).map((m) => m.at).sort((a, b) => a - b);
  const journeyCap = settings.frequencyCap;
  if (journeyCap && (journeyCap.channels.length === 0 || journeyCap.channels.some((c) => c === message.channel))) {
    const sent = times((m) => m.journeyId === message.journeyId && m.channel === message.channel);
    caps.push(rollingCap(sent, journeyCap.max, journeyCap.perHours * 3_600_000, HOLD_REASONS.journeyCap));
  }
  for (const rule of workspace.frequencyCap.rules) {
    if (!ruleCovers(rule, message.channel)) continue;
    caps.push(rollingCap(times((m) => ruleCovers(rule, m.channel)), rule.max, rule.perHours * 3_600_000, HOLD_REASONS.workspaceCap));
  }
  for (const limit of carrierLimits) {
    if (limit.channels.includes(message.channel)) caps.push(calendarCap(times((m) => limit.channels.includes(m.channel)), limit));
  }
  return caps;
}

/**
 * The first moment at or after `now` when a marketing message breaks neither the quiet hours nor any
 * cap, with the rule that set it; null when that is now.
 */
function nextAllowedSend(now: number, settings: JourneySettings, caps: readonly Cap[]): { at: number; reason: string } | null {
  const { quietHours, timezone } = settings;
  let at = now;
  let reason: string | null = null;
  // Each pass moves `at` forward to the end of a quiet period or of a full cap window; a pass that
  // moves nothing means every rule holds. The bound only guards against a malformed setting.
  for (let pass = 0; pass < 10; pass++) {
    let moved = false;
    if (quietHours && isWithinDailyWindow(at, quietHours, timezone)) {
      at = nextTimeOfDay(at, quietHours.end, timezone);
      reason = HOLD_REASONS.quietHours;
      moved = true;
    }
    for (const cap of caps) {
      const counted = cap.counted(at);
      if (counted.length >= cap.max) {
        at = cap.releasedAt(at, counted);
        reason = cap.reason;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return reason === null || at <= now ? null : { at, reason };
}

/**
 * Renders the message into the outbox. A marketing message to a contact who opted out of its channel
 * (or of every channel) is skipped and the run goes on; one that would fall in the journey's quiet
 * hours or break the journey's or the workspace's frequency cap, or its carrier's limit, is held: the run waits at the node
 * until the first allowed moment, then sends. A push that spends a subscription (`CHANNEL_SUBSCRIPTIONS`: a
 * mini-program subscribe message, an Official Account subscription notification) waits, when the contact has
 * none left to its template, for the next one at most `subscriptionWait`, and is skipped if none comes. A transactional message passes caps and quiet hours and
 * stops only for an opt-out from every channel.
 */
export const contentPushExecutor = defineExecutor(contentPushSpec, {
  execute: ({ config, settings, workspace, carrierLimits, now, render, run, contact, resume }) => {
    const transactional = config.priority === 'transactional';
    const optedOut = contact.optedOut ?? [];
    if (optedOut.includes(ALL_CHANNELS) || (!transactional && optedOut.includes(config.channel))) {
      return { type: 'next', port: 'out', reason: SKIP_REASONS.optedOut };
    }
    const subscription = subscriptionNeeds(config.channel, config.title);
    if (subscription && resume?.reason !== 'event' && subscriptionsLeft(contact, subscription, now, run.enteredAt) <= 0) {
      // Woken by the timer with still none: the wait for a subscription is over (a hold for a cap or quiet hours wakes with one left).
      if (resume?.reason === 'timer') return { type: 'next', port: 'out', reason: SKIP_REASONS.noSubscription };
      const subscribed = CHANNEL_SUBSCRIPTIONS[config.channel]!.subscribed;
      return { type: 'wait', until: now + durationMs(config.subscriptionWait), event: { type: subscribed, match: { templateId: subscription.template } } };
    }
    if (!transactional) {
      const caps = capsFor(settings, workspace, carrierLimits, { journeyId: run.journeyId, channel: config.channel, sent: contact.messages ?? [] });
      const hold = nextAllowedSend(now, settings, caps);
      if (hold) return { type: 'wait', until: hold.at, reason: hold.reason };
    }
    const message = channelMessage(config.channel, render(config.title), render(config.template));
    return { type: 'next', port: 'out', effects: [transactional ? { ...message, priority: 'transactional' } : message] };
  },
});
