import { newId, type PausedEntries, type EntryHistory, type NewRun, type OpenRun, type Repositories, type RunCommit, type RunResume, type Store, type StoredEvent } from '@journey/db';
import { matchesTrigger } from '@journey/nodes';
import { ButterflyHooks } from '../butterfly/butterfly-hooks.ts';
import { applyConsentEvents, isConsentEvent } from './consent-ledger.ts';
import { exitRun, propertiesMatch } from '@journey/nodes/engine';
import type { CompiledJourney } from '@journey/nodes/engine';
import type { JourneyCache } from '../queue/journey-cache.ts';
import type { LeaderFence } from '../queue/leader-fence.ts';
import type { Logger } from '../queue/logger.ts';
import type { PassResult } from '../queue/work-loop.ts';

/** Why `enroll` refused a journey. */
export class EnrollmentError extends Error {
  constructor(
    readonly code: 'journey_not_found' | 'journey_not_live' | 'no_entry',
    message: string,
  ) {
    super(message);
    this.name = 'EnrollmentError';
  }
}

/**
 * The run changes of one batch of events, decided in memory in the order the events were received
 * and written at the end: which contacts enter which journeys (under each entry's re-entry rule),
 * which waiting runs resume, which runs an exit event ends. Later events of the batch see what earlier
 * ones did.
 */
class BatchPlan {
  readonly newRuns: NewRun[] = [];
  readonly resumes: RunResume[] = [];
  readonly exits: { runId: string; journey: CompiledJourney }[] = [];
  readonly #open = new Map<string, OpenRun[]>();
  readonly #history = new Map<string, { open: boolean }>();

  constructor(openRuns: readonly OpenRun[], history: readonly EntryHistory[]) {
    for (const run of openRuns) this.#openOf(run.contactId).push({ ...run });
    for (const h of history) this.#history.set(`${h.contactId}\u0000${h.journeyId}`, { open: h.open });
  }

  #openOf(contactId: string): OpenRun[] {
    let list = this.#open.get(contactId);
    if (!list) this.#open.set(contactId, (list = []));
    return list;
  }

  hasOpenRuns(contactId: string): boolean {
    return (this.#open.get(contactId)?.length ?? 0) > 0;
  }

  /** Exit events and resumes for the contact's unfinished runs; returns how many runs resume. */
  applyToOpenRuns(event: StoredEvent, journeyOf: (run: OpenRun) => CompiledJourney | undefined): number {
    const open = this.#open.get(event.contactId) ?? [];
    let resumed = 0;
    for (const run of [...open]) {
      const journey = journeyOf(run);
      if (!journey) continue;
      if (journey.settings.exitEvent === event.type) {
        this.exits.push({ runId: run.id, journey });
        open.splice(open.indexOf(run), 1);
        this.#history.set(`${run.contactId}\u0000${run.journeyId}`, { open: open.some((r) => r.journeyId === run.journeyId) });
      } else if (run.status === 'waiting' && run.waitingFor === event.type && propertiesMatch(run.waitingMatch, event.properties)) {
        this.resumes.push({ runId: run.id, stepSeq: run.stepSeq, eventId: event.id });
        run.status = 'active';
        resumed++;
      }
    }
    return resumed;
  }

  /** Plans a run at `entry` unless the entry's re-entry rule refuses it; true when planned. */
  enrol(journey: CompiledJourney, entry: CompiledJourney['entries'][number], contactId: string, eventId: string | null): boolean {
    const key = `${contactId}\u0000${journey.journeyId}`;
    const history = this.#history.get(key);
    const { reentry } = entry.trigger;
    if (reentry === 'once' && history) return false;
    if (reentry === 'after_exit' && history?.open) return false;
    const run: NewRun = { id: newId('run'), journeyId: journey.journeyId, version: journey.version, contactId, nodeId: entry.id, entryEventId: eventId };
    this.newRuns.push(run);
    this.#history.set(key, { open: true });
    this.#openOf(contactId).push({ ...run, status: 'active', waitingFor: null, waitingMatch: null, stepSeq: 0 });
    return true;
  }

  /** Writes the plan: new runs, then resumes, then exits (which may end runs created or resumed above). */
  async write(tx: Repositories, now: number): Promise<void> {
    await tx.runs.insert(this.newRuns, now);
    if (this.resumes.length > 0) await tx.runs.resume(this.resumes, now);
    if (this.exits.length === 0) return;
    const commits: RunCommit[] = [];
    for (const { runId, journey } of this.exits) {
      const before = await tx.runs.get(runId);
      if (!before) continue;
      const { run, step } = exitRun(before, journey.nodes.get(before.nodeId)?.type ?? '', now);
      commits.push({ before, result: { run, steps: [step], effects: [], counters: [] } });
    }
    await tx.runs.commit(commits, now);
  }
}

/**
 * Turns stored events into run changes, in the order they were received: applies exit events, resumes
 * runs waiting for the event, enrols contacts into live journeys whose entry matches. Each batch of
 * events is handled, and marked processed, in one transaction with the runs it creates or changes; its
 * reads are a few queries for the whole batch.
 */
export class EventProcessor {
  readonly #store: Store;
  readonly #journeys: JourneyCache;
  readonly #logger: Logger;
  readonly #fence: LeaderFence | undefined;

  /** `fence`: where several processes share the store, only the lease holder's batches commit. */
  constructor(options: { store: Store; journeys: JourneyCache; logger: Logger; fence?: LeaderFence | undefined }) {
    this.#store = options.store;
    this.#journeys = options.journeys;
    this.#logger = options.logger;
    this.#fence = options.fence;
  }

  /** True while some event waits to be processed. */
  hasWork(): Promise<boolean> {
    return this.#store.events.hasUnprocessed();
  }

  /**
   * Processes up to `limit` events in one transaction.
   * @returns the pass result, how many events it processed, and how many runs were created or resumed
   * (the driver should be kicked)
   */
  processBatch(now: number, limit = 500): Promise<PassResult & { runsChanged: number; processed: number }> {
    return this.#store.transaction(async (tx) => {
      await this.#fence?.check(tx);
      const events = await tx.events.unprocessed(limit);
      if (events.length === 0) return { more: false, runsChanged: 0, processed: 0 };
      // Consent first: a run stepped after this batch sees the opt-outs of its events.
      await applyConsentEvents(tx, events.filter(isConsentEvent));
      const live = await this.#enrolling(tx);
      const contactIds = [...new Set(events.map((e) => e.contactId))];
      const entering = [...new Set(events.filter((e) => live.some((j) => entryFor(j, e))).map((e) => e.contactId))];
      // One after the other: a transaction's connection takes one statement at a time.
      const openRuns = await tx.runs.openRuns(contactIds);
      const history = entering.length > 0 ? await tx.runs.entryHistory(entering, live.map((j) => j.journeyId)) : [];
      const referrers = await tx.butterfly.referrersOf(contactIds);
      const plan = new BatchPlan(openRuns, history);
      const versions = await this.#versionsOf(tx, openRuns);
      const hooks = new ButterflyHooks(tx, referrers);
      let runsChanged = 0;
      let followUps = 0;
      const sources: { contactId: string; source: string }[] = [];
      for (const event of events) {
        const isEntry = event.type === 'contact.acquired' || live.some((j) => j.entries.some((e) => e.trigger.event === event.type));
        followUps += await hooks.onEvent(event, isEntry, now);
        if (plan.hasOpenRuns(event.contactId)) {
          runsChanged += plan.applyToOpenRuns(event, (run) => versions.get(`${run.journeyId}@${run.version}`) ?? live.find((j) => j.journeyId === run.journeyId && j.version === run.version));
        }
        for (const journey of live) {
          const entry = entryFor(journey, event);
          if (!entry || !plan.enrol(journey, entry, event.contactId, event.id)) continue;
          runsChanged++;
          const { source } = event.properties;
          if (typeof source === 'string' && source !== '') sources.push({ contactId: event.contactId, source });
        }
      }
      await plan.write(tx, now);
      if (sources.length > 0) await tx.contacts.keepFirstSource(sources, now);
      await tx.events.markProcessed(events.map((e) => e.id), now);
      return { more: events.length === limit || followUps > 0, runsChanged, processed: events.length };
    });
  }

  /**
   * Enrols contacts (created when unknown) at the first entry of a live journey, under its re-entry rule,
   * in the caller's transaction; a paused journey that queues entries takes them for its resume.
   * @throws EnrollmentError when the journey is missing, not live or has no entry
   */
  async enrollIn(tx: Repositories, journeyId: string, contactIds: readonly string[], now: number): Promise<{ enrolled: number; skipped: number }> {
    const row = await tx.journeys.get(journeyId);
    if (!row) throw new EnrollmentError('journey_not_found', `Journey ${journeyId} does not exist`);
    if (!takesEntries(row) || row.publishedVersion === null) {
      throw new EnrollmentError('journey_not_live', `Journey ${journeyId} is not live${row.status === 'paused' ? ' (paused, skipping new entries)' : ''}`);
    }
    const journey = await this.#journeys.get(journeyId, row.publishedVersion, tx);
    const [entry] = journey.entries;
    if (!entry) throw new EnrollmentError('no_entry', `Journey ${journeyId} has no entry node`);
    const unique = [...new Set(contactIds)];
    await tx.contacts.ensure(unique, now);
    const plan = new BatchPlan([], await tx.runs.entryHistory(unique, [journeyId]));
    const enrolled = unique.filter((contactId) => plan.enrol(journey, entry, contactId, null)).length;
    await plan.write(tx, now);
    return { enrolled, skipped: contactIds.length - enrolled };
  }

  /**
   * The journeys events enrol contacts into: live ones, and paused ones that queue new entries (their
   * runs wait at the entry, as every run of a paused journey does, and start on resume).
   */
  async #enrolling(tx: Repositories): Promise<CompiledJourney[]> {
    const live: CompiledJourney[] = [];
    for (const j of await tx.journeys.published()) {
      if (!takesEntries(j)) continue;
      try {
        live.push(await this.#journeys.get(j.id, j.publishedVersion, tx));
      } catch (err) {
        this.#logger.error({ err, journeyId: j.id }, 'published journey version cannot be read');
      }
    }
    return live;
  }

  /** The versions the open runs are on (a version that cannot be read is left out: its runs are not touched). */
  async #versionsOf(tx: Repositories, runs: readonly OpenRun[]): Promise<Map<string, CompiledJourney>> {
    const versions = new Map<string, CompiledJourney>();
    for (const run of runs) {
      const key = `${run.journeyId}@${run.version}`;
      if (versions.has(key)) continue;
      const journey = await this.#journeys.get(run.journeyId, run.version, tx).catch(() => undefined);
      if (journey) versions.set(key, journey);
    }
    return versions;
  }
}

/** Live, or paused and queueing new entries (the default of a pause). */
function takesEntries(journey: { status: string; pausedEntries: PausedEntries | null }): boolean {
  return journey.status === 'live' || (journey.status === 'paused' && journey.pausedEntries !== 'skip');
}

function entryFor(journey: CompiledJourney, event: StoredEvent): CompiledJourney['entries'][number] | undefined {
  return journey.entries.find((e) => matchesTrigger(e.trigger, event));
}
