const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock parts of an instant in a time zone. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall clock in `timeZone` at epoch milliseconds `at`. */
export function wallClock(at: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(at)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

function offsetAt(at: number, timeZone: string): number {
  const w = wallClock(at, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(at / 1000) * 1000;
}

/**
 * The instant a wall-clock time happens in `timeZone`. Across DST: a time that happens twice gives the
 * first; a time skipped by the clock moving forward gives the same distance past the gap (02:30 → 03:30).
 */
export function zonedTime(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const before = offsetAt(asUtc - 86_400_000, timeZone);
  const after = offsetAt(asUtc + 86_400_000, timeZone);
  const valid = [asUtc - before, asUtc - after].filter((t) => asUtc - offsetAt(t, timeZone) === t);
  return valid.length > 0 ? Math.min(...valid) : asUtc - before;
}

/** Minutes since local midnight of an `HH:MM` string. */
export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/**
 * The next instant strictly after `now` at which the wall clock in `timeZone` shows `hhmm`.
 *
 * @example
 * ```ts
 * nextTimeOfDay(Date.parse('2026-03-01T02:00:00Z'), '09:00', 'Asia/Shanghai'); // 2026-03-01T01:00Z + 1 day
 * ```
 */
export function nextTimeOfDay(now: number, hhmm: string, timeZone: string): number {
  const minutes = minutesOfDay(hhmm);
  const today = wallClock(now, timeZone);
  for (let add = 0; add < 3; add++) {
    const t = zonedTime(today.year, today.month, today.day + add, Math.floor(minutes / 60), minutes % 60, timeZone);
    if (t > now) return t;
  }
  throw new Error(`No next ${hhmm} in ${timeZone}`);
}

/** True when the wall clock in `timeZone` at `now` is within [start, end), which may wrap midnight. */
export function isWithinDailyWindow(now: number, window: { start: string; end: string }, timeZone: string): boolean {
  const w = wallClock(now, timeZone);
  const at = w.hour * 60 + w.minute;
  const start = minutesOfDay(window.start);
  const end = minutesOfDay(window.end);
  if (start === end) return false;
  return start < end ? at >= start && at < end : at >= start || at < end;
}

/** A calendar period of a carrier's limit. */
export type CalendarPeriod = 'day' | 'month';

/** The calendar day or month in `timeZone` that contains `at`: its first instant and the next period's. */
export function calendarPeriod(at: number, period: CalendarPeriod, timeZone: string): { start: number; end: number } {
  const w = wallClock(at, timeZone);
  return period === 'day'
    ? { start: zonedTime(w.year, w.month, w.day, 0, 0, timeZone), end: zonedTime(w.year, w.month, w.day + 1, 0, 0, timeZone) }
    : { start: zonedTime(w.year, w.month, 1, 0, 0, timeZone), end: zonedTime(w.year, w.month + 1, 1, 0, 0, timeZone) };
}
