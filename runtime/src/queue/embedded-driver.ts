import type { Store } from '@journey/db';
import type { ContactSnapshot, EventSnapshot } from '@journey/nodes/server';
import { advanceRun, type Trigger } from '../engine/advance-run.ts';
import type { Clock } from '../runtime-contract.ts';
import type { JourneyCache } from './journey-cache.ts';
import type { Logger } from './logger.ts';
import { RunRepository, type LoadedRun, type RunCommit } from './run-repository.ts';
import { WorkLoop, type PassResult } from './work-loop.ts';

export interface EmbeddedDriverOptions {
  store: Store;
  journeys: JourneyCache;
  clock: Clock;
  logger: Logger;
  /** Runs advanced and committed per transaction (default 500). */
  batchSize?: number;
  /** Called after a commit wrote outbox messages. */
  onMessages?: () => void;
}

/**
 * The default queue driver: due runs are read from SQLite in batches, advanced by the engine and
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
  readonly #runs: RunRepository;
  readonly #loop: WorkLoop;

  constructor(options: EmbeddedDriverOptions) {
    this.#options = { batchSize: 500, ...options };
    this.#runs = new RunRepository(options.store);
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
    const { clock, batchSize } = this.#options;
    const now = clock.now();
    const due = this.#runs.dueRuns(now, batchSize);
    const contacts = this.#runs.contacts(due.map((r) => r.contactId));
    const events = this.#runs.events(due.flatMap((r) => [r.entryEventId, r.resumeEventId].filter((id) => id !== null)));
    const commits: RunCommit[] = [];
    for (const run of due) {
      const contact = contacts.get(run.contactId) ?? { id: run.contactId, name: null, attributes: {}, tags: [] };
      commits.push({ before: run, result: await this.#advance(run, contact, events, now) });
    }
    if (commits.length > 0) {
      const { messages } = this.#runs.commit(commits, now);
      if (messages > 0) this.#options.onMessages?.();
    }
    return { more: due.length === batchSize, nextAt: this.#runs.nextWakeAt(now) };
  }

  async #advance(run: LoadedRun, contact: ContactSnapshot, events: Map<string, EventSnapshot>, now: number): Promise<RunCommit['result']> {
    try {
      const journey = this.#options.journeys.get(run.journeyId, run.version);
      const resumeEvent = run.resumeEventId ? events.get(run.resumeEventId) : undefined;
      const entryEvent = run.entryEventId ? events.get(run.entryEventId) : undefined;
      return await advanceRun({ journey, run, contact, trigger: triggerFor(run, resumeEvent), entryEvent, now });
    } catch (err) {
      // Only the journey version or stored data can be unreadable here; executors' errors are steps.
      const error = err instanceof Error ? err.message : String(err);
      this.#options.logger.error({ err, runId: run.id }, 'run cannot be advanced');
      return { run: { ...run, status: 'failed', error, endedAt: now }, steps: [], effects: [], counters: [] };
    }
  }
}

function triggerFor(run: LoadedRun, resumeEvent: EventSnapshot | undefined): Trigger {
  if (resumeEvent) return { kind: 'event', event: resumeEvent };
  if (run.stepSeq === 0 && run.parkedAt === null) return { kind: 'enter' };
  return { kind: 'timer' };
}
