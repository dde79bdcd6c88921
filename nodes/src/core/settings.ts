import { z } from 'zod';
import { localized } from './define-node.ts';
import { eventTypeSchema } from './identifiers.ts';
import { CHANNELS } from './vocabulary.ts';

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, localized({ en: 'Use HH:MM, 24-hour', 'zh-CN': '请用 24 小时制 HH:MM' }));

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Journey settings (SPEC §3): time zone, quiet hours, frequency caps and the exit event.
 * Messages that would break quiet hours or a cap are delayed, never dropped.
 */
export const journeySettingsSchema = z.strictObject({
  timezone: z.string().max(64).refine(isTimeZone, localized({ en: 'Unknown time zone', 'zh-CN': '未知时区' })).default('Asia/Shanghai'),
  quietHours: z
    .strictObject({ start: timeOfDay, end: timeOfDay })
    .nullable()
    .default(null),
  frequencyCap: z
    .strictObject({
      max: z.number().int().min(1).max(1000),
      perHours: z.number().int().min(1).max(24 * 90),
      channels: z.array(z.enum(CHANNELS)).default([]),
    })
    .nullable()
    .default(null),
  exitEvent: eventTypeSchema.nullable().default(null),
});

export type JourneySettings = z.output<typeof journeySettingsSchema>;
export type JourneySettingsInput = z.input<typeof journeySettingsSchema>;
