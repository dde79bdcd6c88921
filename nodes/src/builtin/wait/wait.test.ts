import { describe, expect, it } from 'vitest';
import { runNode } from '../../testing.ts';
import { waitExecutor } from './wait.execute.ts';

const now = Date.parse('2026-01-01T00:00:00Z');

describe('wait executor', () => {
  it('parks for the duration on the first visit', async () => {
    const outcome = await runNode(waitExecutor, { config: { duration: { days: 1, hours: 2, minutes: 3, seconds: 4 } }, now });
    expect(outcome).toEqual({ type: 'wait', until: now + ((26 * 60 + 3) * 60 + 4) * 1000 });
  });

  it('parks even for zero, so the run goes through the queue once', async () => {
    expect(await runNode(waitExecutor, { config: {}, now })).toEqual({ type: 'wait', until: now });
  });

  it('leaves by out when resumed', async () => {
    expect(await runNode(waitExecutor, { config: { duration: { hours: 5 } }, now, resume: { reason: 'timer' } })).toEqual({
      type: 'next',
      port: 'out',
    });
  });

  const until = async (timeOfDay: string, at: string, timezone: string) => {
    const outcome = await runNode(waitExecutor, { config: { mode: 'time_of_day', timeOfDay }, now: Date.parse(at), settings: { timezone } });
    if (outcome.type !== 'wait') throw new Error(`expected a wait, got ${outcome.type}`);
    return new Date(outcome.until!).toISOString();
  };

  it('waits until the time of day today, or tomorrow once it has passed', async () => {
    expect(await until('09:00', '2026-01-01T07:00:00+08:00', 'Asia/Shanghai')).toBe('2026-01-01T01:00:00.000Z');
    expect(await until('09:00', '2026-01-01T10:00:00+08:00', 'Asia/Shanghai')).toBe('2026-01-02T01:00:00.000Z');
    expect(await until('09:00', '2026-01-01T09:00:00+08:00', 'Asia/Shanghai')).toBe('2026-01-02T01:00:00.000Z');
  });

  it('crosses midnight in the journey time zone, not in UTC', async () => {
    expect(await until('00:00', '2026-01-01T23:59:00+08:00', 'Asia/Shanghai')).toBe('2026-01-01T16:00:00.000Z');
    expect(await until('00:00', '2026-01-02T00:00:00+08:00', 'Asia/Shanghai')).toBe('2026-01-02T16:00:00.000Z');
    // 07:30 in Shanghai is still the previous day in UTC; 08:15 there is the same UTC day.
    expect(await until('08:15', '2026-01-01T07:30:00+08:00', 'Asia/Shanghai')).toBe('2026-01-01T00:15:00.000Z');
  });

  it('follows daylight saving time in the journey time zone', async () => {
    // New York moves to EDT (UTC-4) on 2026-03-08 at 02:00.
    expect(await until('09:00', '2026-03-07T20:00:00-05:00', 'America/New_York')).toBe('2026-03-08T13:00:00.000Z');
    // 02:30 does not exist that night: the clock shows 03:30 at that instant.
    expect(await until('02:30', '2026-03-08T00:00:00-05:00', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    // 01:30 happens twice on 2026-11-01: the first one counts.
    expect(await until('01:30', '2026-11-01T00:00:00-04:00', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    // Berlin, spring forward on 2026-03-29 at 02:00 CET.
    expect(await until('02:30', '2026-03-29T00:00:00+01:00', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
  });
});
