import type { CalendarPeriod } from './zoned-time.ts';
import { z } from 'zod';
import { localized } from './define-node.ts';
import { CHANNELS } from './vocabulary.ts';

/**
 * One workspace frequency-cap rule: a contact receives at most `max` marketing messages on `channels`
 * (counted together; empty = every channel) in any `perHours` window, over all journeys.
 */
export const frequencyCapRuleSchema = z.strictObject({
  channels: z.array(z.enum(CHANNELS)).max(CHANNELS.length).default([]),
  max: z.number().int().min(1).max(1000),
  perHours: z.number().int().min(1).max(24 * 90),
});

export type FrequencyCapRule = z.output<typeof frequencyCapRuleSchema>;

/**
 * Settings of the whole workspace (`GET` / `PUT /api/settings`), admins write them. The frequency cap
 * counts marketing messages of every journey; a journey's own cap applies on top. A message over
 * either cap is delayed to the first moment both allow, never dropped; transactional messages pass.
 *
 * @example
 * ```ts
 * const settings = workspaceSettingsSchema.parse({ frequencyCap: { rules: [{ channels: ['sms'], max: 2, perHours: 24 }] } });
 * ```
 */
export const workspaceSettingsSchema = z.strictObject({
  frequencyCap: z
    .strictObject({
      rules: z
        .array(frequencyCapRuleSchema)
        .max(20)
        .refine((rules) => new Set(rules.map(ruleKey)).size === rules.length, {
          message: localized({ en: 'Two rules cover the same channels and window', 'zh-CN': '有两条规则的渠道和时间窗相同' }),
        })
        .default([]),
    })
    .default({ rules: [] }),
});

export type WorkspaceSettings = z.output<typeof workspaceSettingsSchema>;
export type WorkspaceSettingsInput = z.input<typeof workspaceSettingsSchema>;

/** Workspace settings with nothing set: no workspace cap. */
export const DEFAULT_WORKSPACE_SETTINGS: WorkspaceSettings = { frequencyCap: { rules: [] } };

function ruleKey(rule: FrequencyCapRule): string {
  return `${[...rule.channels].sort().join(',')}/${rule.perHours}`;
}

/** Whether a workspace cap rule counts messages on `channel`. */
export function ruleCovers(rule: FrequencyCapRule, channel: string): boolean {
  return rule.channels.length === 0 || rule.channels.some((c) => c === channel);
}

/**
 * How a message is treated by caps, quiet hours and consent: `marketing` (the default) counts toward
 * the caps and waits for them and for quiet hours; `transactional` (a coupon code just issued, an order
 * notice) passes both, counts toward nothing, and only a contact's opt-out from every channel stops it.
 */
export const MESSAGE_PRIORITIES = ['marketing', 'transactional'] as const;
export type MessagePriority = (typeof MESSAGE_PRIORITIES)[number];

/** The channel name of an opt-out from every channel (`contact.unsubscribed` without `properties.channel`). */
export const ALL_CHANNELS = '*';

/** Events that record a contact's consent; `properties.channel` names the channel, absent = every channel. */
export const CONSENT_EVENTS = { unsubscribed: 'contact.unsubscribed', subscribed: 'contact.subscribed' } as const;

/**
 * Why a run is held at its node (`Outcome` wait with `reason`) or why a node skipped its work (next
 * with `reason`): a dotted code the monitor and the timeline show in words. Plugins add their own
 * (`wecom.monthly_cap`, …); the time a held run will go is its `wakeAt`.
 */
export const HOLD_REASONS = {
  quietHours: 'quiet_hours',
  journeyCap: 'frequency_cap.journey',
  workspaceCap: 'frequency_cap.workspace',
  carrierCap: 'frequency_cap.carrier',
} as const;

/**
 * A carrier's own limit on the marketing messages one contact may receive per calendar day or month
 * (WeCom: four mass messages a month from the corp). A configured plugin declares it on its channel;
 * content pushes past it are held until the next period, like any cap.
 */
export interface CarrierLimit {
  /** The channels it counts and holds together: the plugin's channel and the built-in ones it serves. */
  channels: readonly string[];
  max: number;
  period: CalendarPeriod;
  /** The calendar the carrier counts in. */
  timezone: string;
}
export const SKIP_REASONS = { optedOut: 'consent.opted_out', noSubscription: 'subscription.none' } as const;

/** The pattern every reason code follows. */
export const reasonCodeSchema = z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/).max(60);
