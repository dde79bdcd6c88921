/** A clock a test moves by hand; the harness moves it to each event and each wake-up. */
export interface FakeClock {
  /** Epoch milliseconds. */
  now(): number;
  /** Moves the clock forward by `ms` and returns the new time. */
  advance(ms: number): number;
  /**
   * Moves the clock to `at`; time never goes back.
   * @throws RangeError when `at` is before now
   */
  set(at: number): void;
}

/** 2026-01-01T00:00:00Z, where harness clocks start unless told otherwise. */
export const HARNESS_START = Date.UTC(2026, 0, 1);

/**
 * A clock for tests, starting at `start` (default 2026-01-01T00:00Z).
 *
 * @example
 * ```ts
 * const clock = createFakeClock();
 * clock.advance(2 * 3_600_000);
 * new Date(clock.now()).toISOString(); // "2026-01-01T02:00:00.000Z"
 * ```
 */
export function createFakeClock(start: number = HARNESS_START): FakeClock {
  let now = start;
  return {
    now: () => now,
    advance: (ms) => (now += Math.max(0, ms)),
    set: (at) => {
      if (at < now) throw new RangeError(`The clock cannot go back from ${new Date(now).toISOString()} to ${new Date(at).toISOString()}`);
      now = at;
    },
  };
}
