import type { ContactEventCountQuery, DueSelection, EventsSinceQuery, LoadedRun, RunCommit, StepReads, Store } from '@journey/db';
import type { CarrierLimit, WorkspaceSettings } from '@journey/nodes';
import { eventCountKey, eventCountQuery, type ContactSnapshot, type EventSnapshot, type SentMessageSnapshot, type StepEffect } from '@journey/nodes/server';
import { advanceRun, exitRun, propertiesMatch, type Trigger } from '@journey/nodes/engine';
import type { CompiledJourney } from '@journey/nodes/engine';
import type { JourneyCache } from './journey-cache.ts';
import type { Logger } from './logger.ts';
import { WorkspaceSettingsCache } from './workspace-settings-cache.ts';

/** What `RunStepper.step` did: the runs it took, the commits it built and what the transaction applied. */
export interface StepResult {
  runs: LoadedRun[];
  commits: RunCommit[];
  applied: number;
  messages: number;
}

/**
 * Effects more than a step's own that its effects call for (a plugin mirroring the `tag` node's tags):
 * given the step's effects, in order, it answers the effects to commit, in order.
 */
export type EffectReactions = (effects: readonly StepEffect[], contactId: string) => StepEffect[];

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
  readonly #settings: WorkspaceSettingsCache;

  readonly #holdMissingTypes: boolean;
  readonly #react: EffectReactions | undefined;
  readonly #carrierLimits: () => readonly CarrierLimit[];
  readonly #warned = new Set<string>();

  /**
   * `holdMissingTypes`: runs of a journey version with a node type this process has no executor for
   * (a plugin it did not load) are left as they are, for a process that has it; otherwise a run that
   * reaches such a node fails saying so. `settings`: the workspace settings (default: read from `store`).
   * `react`: effects the plugins add to a step's effects. `carrierLimits`: the configured carriers' limits.
   */
  constructor(options: {
    store: Store;
    journeys: JourneyCache;
    logger: Logger;
    holdMissingTypes?: boolean;
    settings?: WorkspaceSettingsCache | undefined;
    react?: EffectReactions | undefined;
    carrierLimits?: (() => readonly CarrierLimit[]) | undefined;
  }) {
    this.#store = options.store;
    this.#journeys = options.journeys;
    this.#logger = options.logger;
    this.#settings = options.settings ?? new WorkspaceSettingsCache(options.store);
    this.#holdMissingTypes = options.holdMissingTypes ?? false;
    this.#react = options.react;
    this.#carrierLimits = options.carrierLimits ?? (() => []);
  }

  async step(select: DueSelection, now: number): Promise<StepResult> {
    // Read before the store takes the runs: on SQLite a read from inside the step would wait for it.
    const workspace = await this.#settings.get();
    const { runs, commits, summary } = await this.#store.runs.step(select, now, (due, reads) => this.#advanceAll(due, reads, now, workspace));
    return { runs, commits, ...summary };
  }

  async #advanceAll(taken: LoadedRun[], reads: StepReads, now: number, workspace: WorkspaceSettings): Promise<RunCommit[]> {
    const journeys = await this.#compiled(taken);
    const due = this.#holdMissingTypes ? taken.filter((run) => this.#runnable(run, journeys)) : taken;
    if (due.length === 0) return [];
    const sending = this.#sendingContacts(due, journeys, workspace);
    const inputs = await reads.inputs({
      contactIds: due.map((r) => r.contactId),
      eventIds: due.flatMap((r) => [r.entryEventId, r.resumeEventId].filter((id) => id !== null)),
      sentSince: sending.capWindowMs > 0 ? { contactIds: [...sending.contactIds], since: now - sending.capWindowMs } : null,
      optOutsOf: [...sending.contactIds],
    });
    for (const contactId of sending.contactIds) {
      const contact = inputs.contacts.get(contactId) ?? emptyContact(contactId);
      inputs.contacts.set(contactId, {
        ...contact,
        ...(sending.capWindowMs > 0 ? { messages: inputs.sent.get(contactId) ?? [] } : {}),
        optedOut: inputs.optedOut.get(contactId) ?? [],
      });
    }
    await this.#loadEventCounts(due, journeys, inputs.contacts, reads, now);
    // Runs of different contacts advance side by side, so one slow executor does not hold up the batch.
    // A contact's runs go one after the other, each seeing the messages the ones before it sent: three
    // journeys sending to one contact at once count toward the same caps.
    const byContact = new Map<string, LoadedRun[]>();
    for (const run of due) {
      const runs = byContact.get(run.contactId);
      if (runs) runs.push(run);
      else byContact.set(run.contactId, [run]);
    }
    const results = new Map<LoadedRun, RunCommit['result']>();
    await Promise.all(
      [...byContact].map(async ([contactId, runs]) => {
        let contact = inputs.contacts.get(contactId) ?? emptyContact(contactId);
        for (const run of runs) {
          const { result, messages } = await this.#advance(run, journeys.get(`${run.journeyId}@${run.version}`)!, contact, inputs.events, now, workspace);
          results.set(run, result);
          if (messages) contact = { ...contact, messages };
        }
      }),
    );
    const commits = due.map((run) => ({ before: run, result: results.get(run)! }));
    return this.#catchUp(due, commits, journeys, reads, now);
  }

  /**
   * Events that arrived while a run was busy reach it as if it had been waiting: event processing
   * applies an event only to runs that wait for it (or exits them), so an event received after the run
   * was taken up — after the event that started or resumed it, or after its timer — and before this
   * commit found it moving. Such an exit event ends the run here; an event the run now waits for
   * resumes it at once (it is due again).
   */
  async #catchUp(due: readonly LoadedRun[], commits: RunCommit[], journeys: Map<string, CompiledJourney | Error>, reads: StepReads, now: number): Promise<RunCommit[]> {
    const pending = commits.flatMap((commit, i) => {
      const journey = journeys.get(`${commit.before.journeyId}@${commit.before.version}`);
      const { run } = commit.result;
      if (journey instanceof Error || !journey || (run.status !== 'active' && run.status !== 'waiting')) return [];
      const types = [journey.settings.exitEvent, run.status === 'waiting' ? run.waitingFor : null].filter((t): t is string => !!t);
      return types.length === 0 ? [] : [{ commit, journey, types, after: takenUpAfter(due[i]!) }];
    });
    if (pending.length === 0) return commits;
    const events = await reads.eventsSince(pending.map(({ commit, types, after }) => ({ contactId: commit.before.contactId, types, after })));
    for (const { commit, journey, after } of pending) {
      const missed = events.filter((e) => e.contactId === commit.before.contactId && ('eventId' in after ? e.id > after.eventId : e.receivedAt >= after.receivedAt));
      const { run } = commit.result;
      const exit = missed.find((e) => e.type === journey.settings.exitEvent);
      if (exit) {
        const exited = exitRun(run, journey.nodes.get(run.nodeId)?.type ?? '', now);
        commit.result = { ...commit.result, run: exited.run, steps: [...commit.result.steps, exited.step] };
        continue;
      }
      const awaited = run.status === 'waiting' ? missed.find((e) => e.type === run.waitingFor && propertiesMatch(run.waitingMatch, e.properties)) : undefined;
      if (awaited) commit.result = { ...commit.result, run: { ...run, status: 'active', resumeEventId: awaited.id } };
    }
    return commits;
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

  /** False (and a warning, once per version) for a run whose journey version needs a node type this process lacks. */
  #runnable(run: LoadedRun, journeys: Map<string, CompiledJourney | Error>): boolean {
    const key = `${run.journeyId}@${run.version}`;
    const journey = journeys.get(key);
    if (!journey || journey instanceof Error || journey.missingTypes.length === 0) return true;
    if (!this.#warned.has(key)) {
      this.#warned.add(key);
      this.#logger.warn({ journeyId: run.journeyId, version: run.version, nodeTypes: journey.missingTypes }, 'journey needs node types this process did not load; its runs are left to a process that has them');
    }
    return false;
  }

  /**
   * Counts the events the runs' journeys ask about (behaviour conditions) for each run's contact, from
   * the window each asks for (the last D days, or since the run entered), into `contact.eventCounts`.
   */
  async #loadEventCounts(due: readonly LoadedRun[], journeys: Map<string, CompiledJourney | Error>, contacts: Map<string, ContactSnapshot>, reads: StepReads, now: number) {
    const queries = new Map<string, ContactEventCountQuery>();
    for (const run of due) {
      const journey = journeys.get(`${run.journeyId}@${run.version}`);
      if (!journey || journey instanceof Error) continue;
      for (const need of journey.eventCounts) {
        const query = eventCountQuery(need, now, run.createdAt);
        queries.set(`${run.contactId}\u0000${eventCountKey(query)}`, { ...query, contactId: run.contactId });
      }
    }
    if (queries.size === 0) return;
    const counts = await reads.eventCounts([...queries.values()]);
    [...queries.values()].forEach((query, i) => {
      const contact = contacts.get(query.contactId) ?? emptyContact(query.contactId);
      contacts.set(query.contactId, { ...contact, eventCounts: { ...contact.eventCounts, [eventCountKey(query)]: counts[i]! } });
    });
  }

  /**
   * Contacts of runs in journeys with a node that sends (they need their opt-outs), and the widest
   * frequency-cap window over them, the workspace's and their journeys' (0: no cap applies).
   */
  #sendingContacts(due: readonly LoadedRun[], journeys: Map<string, CompiledJourney | Error>, workspace: WorkspaceSettings) {
    const workspaceWindow = Math.max(
      0,
      ...workspace.frequencyCap.rules.map((rule) => rule.perHours * 3_600_000),
      // A calendar period started at most its length ago.
      ...this.#carrierLimits().map((limit) => (limit.period === 'day' ? 25 : 32 * 24) * 3_600_000),
    );
    let capWindowMs = 0;
    const contactIds = new Set<string>();
    for (const run of due) {
      const journey = journeys.get(`${run.journeyId}@${run.version}`);
      if (!journey || journey instanceof Error || !journey.sends) continue;
      contactIds.add(run.contactId);
      capWindowMs = Math.max(capWindowMs, workspaceWindow, (journey.settings.frequencyCap?.perHours ?? 0) * 3_600_000);
    }
    return { contactIds, capWindowMs };
  }

  async #advance(
    run: LoadedRun,
    journey: CompiledJourney | Error,
    contact: ContactSnapshot,
    events: Map<string, EventSnapshot>,
    now: number,
    workspace: WorkspaceSettings,
  ): Promise<{ result: RunCommit['result']; messages?: SentMessageSnapshot[] | undefined }> {
    try {
      if (journey instanceof Error) throw journey;
      const resumeEvent = run.resumeEventId ? events.get(run.resumeEventId) : undefined;
      const entryEvent = run.entryEventId ? events.get(run.entryEventId) : undefined;
      const { contact: after, ...advanced } = await advanceRun({ journey, run, contact, trigger: triggerFor(run, resumeEvent), entryEvent, enteredAt: run.createdAt, now, workspace, carrierLimits: this.#carrierLimits() });
      const result = this.#react && advanced.effects.length > 0 ? { ...advanced, effects: this.#react(advanced.effects, run.contactId) } : advanced;
      return { result, messages: after.messages };
    } catch (err) {
      // Only the journey version or stored data can be unreadable here; executors' errors are steps.
      const error = err instanceof Error ? err.message : String(err);
      this.#logger.error({ err, runId: run.id }, 'run cannot be advanced');
      return { result: { run: { ...run, status: 'failed', error, endedAt: now }, steps: [], effects: [], counters: [] } };
    }
  }
}

function triggerFor(run: LoadedRun, resumeEvent: EventSnapshot | undefined): Trigger {
  if (resumeEvent) return { kind: 'event', event: resumeEvent };
  if (run.stepSeq === 0 && run.parkedAt === null) return { kind: 'enter' };
  return { kind: 'timer' };
}

/**
 * The last event a run had seen when it was taken up: the event that started or resumed it; for a run
 * woken by its timer (or a retry), the moment it became due.
 */
function takenUpAfter(run: LoadedRun): EventsSinceQuery['after'] {
  if (run.resumeEventId) return { eventId: run.resumeEventId };
  if (run.stepSeq === 0 && run.entryEventId) return { eventId: run.entryEventId };
  return { receivedAt: run.wakeAt ?? run.updatedAt };
}
