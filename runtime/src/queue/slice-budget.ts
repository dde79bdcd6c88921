/**
 * Sizes the synchronous batches of a background loop so one batch takes about `targetMs`: SQLite
 * transactions block the event loop, and HTTP requests wait behind them. It learns the cost of one item
 * from the batches it times (a moving average), within `[min, max]` items. Work that does not hold the
 * event loop (`blocking: false`: a PostgreSQL store's statements are I/O the loop waits for, not runs) takes
 * `max` items every time: small batches there would only add round trips.
 *
 * @example
 * ```ts
 * const budget = new SliceBudget({ targetMs: 8, max: 500 });
 * const started = performance.now();
 * const done = processBatch(budget.size());
 * budget.record(done, performance.now() - started);
 * ```
 */
export class SliceBudget {
  readonly #targetMs: number;
  readonly #min: number;
  readonly #max: number;
  readonly #blocking: boolean;
  #msPerItem = 0;

  constructor(options: { targetMs?: number; min?: number; max: number; blocking?: boolean }) {
    this.#targetMs = options.targetMs ?? 8;
    this.#min = options.min ?? 10;
    this.#max = options.max;
    this.#blocking = options.blocking ?? true;
  }

  /** Items the next batch should take. */
  size(): number {
    if (!this.#blocking) return this.#max;
    if (this.#msPerItem === 0) return this.#min;
    return Math.max(this.#min, Math.min(this.#max, Math.floor(this.#targetMs / this.#msPerItem)));
  }

  /** Times a batch of `items` that took `ms`. */
  record(items: number, ms: number): void {
    if (items === 0) return;
    const perItem = ms / items;
    this.#msPerItem = this.#msPerItem === 0 ? perItem : this.#msPerItem * 0.7 + perItem * 0.3;
  }
}
