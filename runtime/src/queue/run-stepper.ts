import type { ContactSnapshot, EventSnapshot } from '@journey/nodes/server';
import { advanceRun, type Trigger } from '../engine/advance-run.ts';
import type { JourneyCache } from './journey-cache.ts';
import type { Logger } from './logger.ts';
import type { LoadedRun, RunCommit, RunRepository } from './run-repository.ts';

/** What `RunStepper.step` did: the commits it built and what the transaction applied. */
export interface StepResult {
  commits: RunCommit[];
  applied: number;
  messages: number;
}

/**
 * Advances loaded due runs with the engine and commits them in one transaction, each run's step
 * atomically. Every queue driver steps runs through this one class, whatever brought them in.
 *
 * @example
 * ```ts
 * const stepper = new RunStepper({ runs, journeys, logger });
 * const { messages } = await stepper.step(runs.dueRuns(now, 500), now);
 * ```
 */
export class RunStepper {
  readonly #runs: RunRepository;
  readonly #journeys: JourneyCache;
  readonly #logger: Logger;

  constructor(options: { runs: RunRepository; journeys: JourneyCache; logger: Logger }) {
    this.#runs = options.runs;
    this.#journeys = options.journeys;
    this.#logger = options.logger;
  }

  async step(due: readonly LoadedRun[], now: number): Promise<StepResult> {
    if (due.length === 0) return { commits: [], applied: 0, messages: 0 };
    const contacts = this.#runs.contacts(due.map((r) => r.contactId));
    const events = this.#runs.events(due.flatMap((r) => [r.entryEventId, r.resumeEventId].filter((id) => id !== null)));
    this.#loadSentMessages(due, contacts, now);
    // Runs advance side by side, so one slow executor (a webhook waiting for its timeout) does not hold up the batch.
    const commits: RunCommit[] = await Promise.all(
      due.map(async (run) => {
        const contact = contacts.get(run.contactId) ?? { id: run.contactId, name: null, attributes: {}, tags: [] };
        return { before: run, result: await this.#advance(run, contact, events, now) };
      }),
    );
    return { commits, ...this.#runs.commit(commits, now) };
  }

  /** Gives contacts of runs in journeys with a frequency cap the messages sent within the widest cap window. */
  #loadSentMessages(due: readonly LoadedRun[], contacts: Map<string, ContactSnapshot>, now: number): void {
    let windowMs = 0;
    const capped = new Set<string>();
    for (const run of due) {
      const cap = this.#capOf(run);
      if (!cap) continue;
      capped.add(run.contactId);
      windowMs = Math.max(windowMs, cap.perHours * 3_600_000);
    }
    if (capped.size === 0) return;
    const sent = this.#runs.sentMessages(capped, now - windowMs);
    for (const contactId of capped) {
      const contact = contacts.get(contactId) ?? { id: contactId, name: null, attributes: {}, tags: [] };
      contacts.set(contactId, { ...contact, messages: sent.get(contactId) ?? [] });
    }
  }

  #capOf(run: LoadedRun) {
    try {
      return this.#journeys.get(run.journeyId, run.version).settings.frequencyCap;
    } catch {
      return null; // an unreadable version fails the run in #advance
    }
  }

  async #advance(run: LoadedRun, contact: ContactSnapshot, events: Map<string, EventSnapshot>, now: number): Promise<RunCommit['result']> {
    try {
      const journey = this.#journeys.get(run.journeyId, run.version);
      const resumeEvent = run.resumeEventId ? events.get(run.resumeEventId) : undefined;
      const entryEvent = run.entryEventId ? events.get(run.entryEventId) : undefined;
      return await advanceRun({ journey, run, contact, trigger: triggerFor(run, resumeEvent), entryEvent, now });
    } catch (err) {
      // Only the journey version or stored data can be unreadable here; executors' errors are steps.
      const error = err instanceof Error ? err.message : String(err);
      this.#logger.error({ err, runId: run.id }, 'run cannot be advanced');
      return { run: { ...run, status: 'failed', error, endedAt: now }, steps: [], effects: [], counters: [] };
    }
  }
}

function triggerFor(run: LoadedRun, resumeEvent: EventSnapshot | undefined): Trigger {
  if (resumeEvent) return { kind: 'event', event: resumeEvent };
  if (run.stepSeq === 0 && run.parkedAt === null) return { kind: 'enter' };
  return { kind: 'timer' };
}
