import type { Clock } from '../runtime-contract.ts';
import type { Logger } from './logger.ts';
import { loopTurns } from './loop-turns.ts';

/** What one pass of a loop found: more work right now, or the next time work is due. */
export interface PassResult {
  more: boolean;
  /** Epoch ms of the next due item, if known; the loop sleeps until then (bounded). */
  nextAt?: number | null;
}

/** How a {@link WorkLoop} runs. */
export interface WorkLoopOptions {
  name: string;
  clock: Clock;
  logger: Logger;
  pass: () => Promise<PassResult>;
  /** Longest sleep, so work written by other processes is noticed; 1,000 ms unless set. */
  maxSleepMs?: number;
  /**
   * Milliseconds a kick waits before the pass it starts, so work arriving close together (single
   * events, one HTTP request each) is taken in one pass, after the requests that kicked have answered. 0 unless set.
   */
  settleMs?: number;
}

/**
 * A background loop: runs `pass` while it finds work, otherwise sleeps until the next due time
 * (at most `maxSleepMs`, so work written by other processes is noticed) or until `kick()`.
 *
 * @example
 * ```ts
 * const loop = new WorkLoop({ name: 'dispatcher', clock, logger, pass: () => dispatcher.dispatchBatch() });
 * loop.start();
 * loop.kick(); // new messages
 * await loop.stop();
 * ```
 */
export class WorkLoop {
  readonly #options: Required<WorkLoopOptions>;
  #running = false;
  #done: Promise<void> = Promise.resolve();
  #wake: (() => void) | null = null;
  #wakeOnKick = true;
  #kicked = false;

  constructor(options: WorkLoopOptions) {
    this.#options = { maxSleepMs: 1000, settleMs: 0, ...options };
  }

  /** The loop's name, as its log lines give it. */
  get name(): string {
    return this.#options.name;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#done = this.#loop();
  }

  /** Stops after the pass in flight, which completes (and commits) first. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#kicked = true;
    this.#wake?.();
    await this.#done;
  }

  kick(): void {
    this.#kicked = true;
    if (this.#wakeOnKick) this.#wake?.();
  }

  async #loop(): Promise<void> {
    const { name, clock, logger, pass, maxSleepMs, settleMs } = this.#options;
    let failures = 0;
    while (this.#running) {
      this.#kicked = false;
      let result: PassResult;
      try {
        result = await pass();
        failures = 0;
      } catch (err) {
        failures++;
        logger.error({ err, loop: name }, `${name} pass failed`);
        result = { more: false, nextAt: clock.now() + Math.min(100 * 2 ** failures, maxSleepMs) };
      }
      if (!this.#running) break;
      if (result.more) {
        await loopTurns.next();
        continue;
      }
      if (!this.#kicked) {
        const until = result.nextAt ?? Number.POSITIVE_INFINITY;
        await this.#sleep(Math.max(0, Math.min(until - clock.now(), maxSleepMs)));
      }
      if (this.#kicked && settleMs > 0 && this.#running) await this.#sleep(settleMs, { wakeOnKick: false });
      if (this.#kicked && this.#running) await loopTurns.next();
    }
  }

  /** Sleeps `ms`; `stop()` always ends the sleep early, `kick()` only when `wakeOnKick`. */
  #sleep(ms: number, { wakeOnKick = true } = {}): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
      this.#wakeOnKick = wakeOnKick;
    });
  }
}
