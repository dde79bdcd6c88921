/**
 * Hands out turns on the event loop, one per iteration: a background pass waits for its turn, and
 * Node polls I/O (HTTP requests) between any two turns. Without it, every loop with work queued a
 * `setImmediate`, and all of them ran back to back in one check phase, so a request could wait behind
 * the event processor's slice, the run driver's slice and the segment enroller's slice together.
 *
 * @example
 * ```ts
 * await loopTurns.next(); // then run one slice of synchronous work
 * ```
 */
export class LoopTurns {
  readonly #waiting: (() => void)[] = [];
  #scheduled = false;

  /** Resolves at the start of this caller's turn, in a later event-loop iteration. */
  next(): Promise<void> {
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#waiting.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      const resolve = this.#waiting.shift()!;
      // Scheduled from inside the check phase, the next turn falls in the next iteration, after its poll.
      this.#schedule();
      resolve();
    });
  }
}

/** The process's turns: there is one event loop per process (or worker thread). */
export const loopTurns = new LoopTurns();
