import type { DueSelection, LoadedRun, RunCommit, StepInputs, StepInputsRequest, Store } from '@journey/db';
import type { ContactSnapshot, EventSnapshot } from '@journey/nodes/server';
import { advanceRun, type Trigger } from '@journey/nodes/engine';
import type { CompiledJourney } from '@journey/nodes/engine';
import type { JourneyCache } from './journey-cache.ts';
import type { Logger } from './logger.ts';

/** What `RunStepper.step` did: the runs it took, the commits it built and what the transaction applied. */
export interface StepResult {
  runs: LoadedRun[];
  commits: RunCommit[];
  applied: number;
  messages: number;
}

const emptyContact = (id: string): ContactSnapshot => ({ id, name: null, attributes: {}, tags: [], memberships: [], offers: [], balance: 0 });

/**
 * Steps due runs with the engine: takes them from the store (`store.runs.step`, which keeps other
 * processes off them until they are committed), advances each, and commits them in one transaction,
 * each run's step atomically. Every queue driver steps runs through this one class.
 *
 * @example
 * ```ts
 * const stepper = new RunStepper({ store, journeys, logger });
 * const { runs, messages } = await stepper.step({ limit: 500 }, now);
 * ```
 */
export class RunStepper {
  readonly #store: Store;
  readonly #journeys: JourneyCache;
  readonly #logger: Logger;

  constructor(options: { store: Store; journeys: JourneyCache; logger: Logger }) {
    this.#store = options.store;
    this.#journeys = options.journeys;
    this.#logger = options.logger;
  }

  async step(select: DueSelection, now: number): Promise<StepResult> {
    const { runs, commits, summary } = await this.#store.runs.step(select, now, (due, load) => this.#advanceAll(due, load, now));
    return { runs, commits, ...summary };
  }

  async #advanceAll(due: LoadedRun[], load: (request: StepInputsRequest) => Promise<StepInputs>, now: number): Promise<RunCommit[]> {
    const journeys = await this.#compiled(due);
    const capped = this.#cappedContacts(due, journeys);
    const inputs = await load({
      contactIds: due.map((r) => r.contactId),
      eventIds: due.flatMap((r) => [r.entryEventId, r.resumeEventId].filter((id) => id !== null)),
      sentSince: capped ? { contactIds: [...capped.contactIds], since: now - capped.windowMs } : null,
    });
    for (const contactId of capped?.contactIds ?? []) {
      const contact = inputs.contacts.get(contactId) ?? emptyContact(contactId);
      inputs.contacts.set(contactId, { ...contact, messages: inputs.sent.get(contactId) ?? [] });
    }
    // Runs advance side by side, so one slow executor does not hold up the batch.
    return Promise.all(
      due.map(async (run) => ({
        before: run,
        result: await this.#advance(run, journeys.get(`${run.journeyId}@${run.version}`)!, inputs.contacts.get(run.contactId) ?? emptyContact(run.contactId), inputs.events, now),
      })),
    );
  }

  /** The compiled version of every run's journey, or the error that keeps it from being read. */
  async #compiled(due: readonly LoadedRun[]): Promise<Map<string, CompiledJourney | Error>> {
    const journeys = new Map<string, CompiledJourney | Error>();
    for (const run of due) {
      const key = `${run.journeyId}@${run.version}`;
      if (journeys.has(key)) continue;
      journeys.set(key, await this.#journeys.get(run.journeyId, run.version).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err)))));
    }
    return journeys;
  }

  /** Contacts of runs in journeys with a frequency cap, and the widest cap window among them. */
  #cappedContacts(due: readonly LoadedRun[], journeys: Map<string, CompiledJourney | Error>) {
    let windowMs = 0;
    const contactIds = new Set<string>();
    for (const run of due) {
      const journey = journeys.get(`${run.journeyId}@${run.version}`);
      const cap = journey instanceof Error ? null : journey?.settings.frequencyCap;
      if (!cap) continue;
      contactIds.add(run.contactId);
      windowMs = Math.max(windowMs, cap.perHours * 3_600_000);
    }
    return contactIds.size === 0 ? null : { contactIds, windowMs };
  }

  async #advance(
    run: LoadedRun,
    journey: CompiledJourney | Error,
    contact: ContactSnapshot,
    events: Map<string, EventSnapshot>,
    now: number,
  ): Promise<RunCommit['result']> {
    try {
      if (journey instanceof Error) throw journey;
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
