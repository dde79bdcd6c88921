import { z } from 'zod';
import { field } from './define-node.ts';

const part = (en: string, zh: string) =>
  field(z.number().int().min(0).max(100_000).default(0), { title: { en, 'zh-CN': zh } });

/** A duration as marketers enter it: days, hours, minutes and seconds, all optional. */
export const durationSchema = z.strictObject({
  days: part('Days', '天'),
  hours: part('Hours', '小时'),
  minutes: part('Minutes', '分钟'),
  seconds: part('Seconds', '秒'),
});
export type Duration = z.output<typeof durationSchema>;

/** Milliseconds in a duration. */
export function durationMs(d: Duration): number {
  return ((d.days * 24 + d.hours) * 60 + d.minutes) * 60_000 + d.seconds * 1000;
}
