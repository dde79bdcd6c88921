import type { CarrierLimit } from '@journey/nodes';
import type { WorkspaceSettingsCache } from './workspace-settings-cache.ts';
import type { Store } from '@journey/db';
import type { Clock } from '../runtime-contract.ts';
import type { JourneyCache } from './journey-cache.ts';
import type { Logger } from './logger.ts';
import { RunStepper, type EffectReactions } from './run-stepper.ts';
import { SliceBudget } from './slice-budget.ts';
import { WorkLoop, type PassResult } from './work-loop.ts';

export interface EmbeddedDriverOptions {
  store: Store;
  journeys: JourneyCache;
  clock: Clock;
  logger: Logger;
  /** Most runs advanced and committed per transaction (default 500); batches are sized to take about 8 ms. */
  batchSize?: number;
  /** Called after a commit wrote outbox messages. */
  onMessages?: () => void;
  /** The workspace settings the steps read (default: read from `store`). */
  settings?: WorkspaceSettingsCache;
  /** Effects the plugins add to steps' effects. */
  react?: EffectReactions | undefined;
  /** The configured carriers' limits per contact (WeCom's monthly mass messages). */
  /** The configured carriers' limits, as they are now (plugins' settings change them). */
  carrierLimits?: (() => readonly CarrierLimit[]) | undefined;
}

/**
 * The default queue driver: due runs are read from the store in batches, advanced by the engine and
 * committed together, each run's step atomically. The database is the only queue.
 *
 * @example
 * ```ts
 * const driver = new EmbeddedDriver({ store, journeys, clock, logger, onMessages: () => dispatcher.kick() });
 * driver.start();
 * driver.kick(); // runs were created
 * ```
 */
export class EmbeddedDriver {
  readonly #options: EmbeddedDriverOptions & { batchSize: number };
  readonly #stepper: RunStepper;
  readonly #budget: SliceBudget;
  readonly #loop: WorkLoop;

  constructor(options: EmbeddedDriverOptions) {
    this.#options = { batchSize: 500, ...options };
    this.#budget = new SliceBudget({ max: this.#options.batchSize, blocking: options.store.kind === 'sqlite' });
    this.#stepper = new RunStepper({ store: options.store, journeys: options.journeys, logger: options.logger, settings: options.settings, react: options.react, carrierLimits: options.carrierLimits });
    this.#loop = new WorkLoop({ name: 'embedded-driver', clock: options.clock, logger: options.logger, pass: () => this.runBatch() });
  }

  start(): void {
    this.#loop.start();
  }

  stop(): Promise<void> {
    return this.#loop.stop();
  }

  kick(): void {
    this.#loop.kick();
  }

  /** Advances one batch of due runs and commits it; exposed for tests and benchmarks. */
  async runBatch(): Promise<PassResult> {
    const now = this.#options.clock.now();
    const started = performance.now();
    const size = this.#budget.size();
    const { runs, messages } = await this.#stepper.step({ limit: size }, now);
    this.#budget.record(runs.length, performance.now() - started);
    if (messages > 0) this.#options.onMessages?.();
    return { more: runs.length === size, nextAt: await this.#options.store.runs.nextWakeAt(now) };
  }
}
