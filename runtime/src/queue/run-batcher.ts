/**
 * Gathers the runs of the jobs a worker holds at once into one batch per tick, so they are loaded and
 * committed together (one transaction for many jobs, as the embedded driver does).
 *
 * @example
 * ```ts
 * const batcher = new RunBatcher((runIds) => stepRuns(runIds));
 * new Worker('runs', (job) => batcher.add(job.data.runId), { concurrency: 50 });
 * ```
 */
export class RunBatcher {
  readonly #handle: (runIds: string[]) => Promise<void>;
  #pending: { runId: string; settle: (error?: unknown) => void }[] = [];

  constructor(handle: (runIds: string[]) => Promise<void>) {
    this.#handle = handle;
  }

  /** Resolves once the batch holding the run has been handled; rejects with the batch's error. */
  add(runId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.#pending.length === 0) setImmediate(() => void this.#flush());
      this.#pending.push({ runId, settle: (error) => (error === undefined ? resolve() : reject(error as Error)) });
    });
  }

  async #flush(): Promise<void> {
    const batch = this.#pending;
    this.#pending = [];
    try {
      await this.#handle(batch.map((p) => p.runId));
      for (const p of batch) p.settle();
    } catch (error) {
      for (const p of batch) p.settle(error ?? new Error('batch failed'));
    }
  }
}
