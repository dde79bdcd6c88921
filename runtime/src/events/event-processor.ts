import { newId, type Store } from '@journey/db';
import type { entrySpec } from '@journey/nodes';
import type { z } from 'zod';
import type { EventSnapshot } from '@journey/nodes/server';
import { ButterflyStore } from '../butterfly/butterfly-store.ts';
import { exitRun } from '../engine/advance-run.ts';
import type { CompiledJourney, CompiledNode } from '../engine/compile-journey.ts';
import type { JourneyCache } from '../queue/journey-cache.ts';
import type { Logger } from '../queue/logger.ts';
import { RunRepository } from '../queue/run-repository.ts';
import type { PassResult } from '../queue/work-loop.ts';

type EntryConfig = z.output<typeof entrySpec.config>;

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

interface OpenRun {
  id: string;
  journeyId: string;
  version: number;
  status: 'active' | 'waiting';
  nodeId: string;
  waitingFor: string | null;
  waitingMatch: string | null;
  stepSeq: number;
}

/**
 * Turns stored events into run changes, in the order they were received: applies exit events, resumes
 * runs waiting for the event, enrols contacts into live journeys whose entry matches. Each batch of
 * events is handled, and marked processed, in one transaction with the runs it creates or changes.
 */
export class EventProcessor {
  readonly #store: Store;
  readonly #journeys: JourneyCache;
  readonly #runs: RunRepository;
  readonly #logger: Logger;
  readonly #statements;
  readonly #butterfly: ButterflyStore;

  constructor(options: { store: Store; journeys: JourneyCache; logger: Logger }) {
    this.#store = options.store;
    this.#journeys = options.journeys;
    this.#logger = options.logger;
    this.#runs = new RunRepository(options.store);
    this.#butterfly = new ButterflyStore(options.store);
    const db = options.store.sqlite;
    this.#statements = {
      // Rows as arrays: better-sqlite3 builds them several times faster than objects with named keys.
      unprocessed: db
        .prepare<[number], [id: string, contactId: string, type: string, properties: string, timestamp: number]>(
          'SELECT id, contact_id, type, properties, timestamp FROM events WHERE processed_at IS NULL ORDER BY id LIMIT ?',
        )
        .raw(),
      anyUnprocessed: db.prepare('SELECT 1 FROM events WHERE processed_at IS NULL LIMIT 1').pluck(),
      markProcessed: db.prepare('UPDATE events SET processed_at = ? WHERE id IN (SELECT value FROM json_each(?))'),
      contactsWithOpenRuns: db
        .prepare<[string], string>(
          `SELECT DISTINCT contact_id FROM runs WHERE contact_id IN (SELECT value FROM json_each(?)) AND status IN ('active', 'waiting')`,
        )
        .pluck(),
      openJourneys: db.prepare<[], { id: string; status: 'live' | 'paused'; publishedVersion: number }>(
        `SELECT id, status, published_version AS publishedVersion FROM journeys
         WHERE status IN ('live', 'paused') AND published_version IS NOT NULL ORDER BY id`,
      ),
      journey: db.prepare<[string], { status: string; publishedVersion: number | null }>(
        'SELECT status, published_version AS publishedVersion FROM journeys WHERE id = ?',
      ),
      openRuns: db.prepare<[string], OpenRun>(
        `SELECT id, journey_id AS journeyId, version, status, node_id AS nodeId, waiting_for AS waitingFor,
           waiting_match AS waitingMatch, step_seq AS stepSeq
         FROM runs WHERE contact_id = ? AND status IN ('active', 'waiting')`,
      ),
      resume: db.prepare(
        `UPDATE runs SET status = 'active', resume_event_id = ?, updated_at = ? WHERE id = ? AND status = 'waiting' AND step_seq = ?`,
      ),
      everRan: db.prepare('SELECT 1 FROM runs WHERE contact_id = ? AND journey_id = ? LIMIT 1').pluck(),
      hasOpenRun: db.prepare(`SELECT 1 FROM runs WHERE contact_id = ? AND journey_id = ? AND status IN ('active', 'waiting') LIMIT 1`).pluck(),
      createContact: db.prepare(`INSERT OR IGNORE INTO contacts (id, name, attributes, created_at, updated_at) VALUES (?, NULL, '{}', ?, ?)`),
      insertRun: db.prepare(
        `INSERT INTO runs (id, journey_id, version, contact_id, status, node_id, attempts, context, step_seq, entry_event_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'active', ?, 0, '{}', 0, ?, ?, ?)`,
      ),
    };
  }

  /** True while some event waits to be processed. */
  hasWork(): boolean {
    return this.#statements.anyUnprocessed.get() !== undefined;
  }

  /**
   * Processes up to `limit` events in one transaction.
   * @returns the pass result, how many events it processed, and how many runs were created or resumed
   * (the driver should be kicked)
   */
  processBatch(now: number, limit = 500): PassResult & { runsChanged: number; processed: number } {
    const s = this.#statements;
    return this.#store.sqlite.transaction(() => {
      const rows = s.unprocessed.all(limit);
      if (rows.length === 0) return { more: false, runsChanged: 0, processed: 0 };
      const live = this.#liveJourneys();
      // Most events come from contacts with no unfinished run: one query finds those that have one,
      // and contacts enrolled below join them, so later events of the batch still see their runs.
      const withOpenRuns = new Set(s.contactsWithOpenRuns.all(JSON.stringify([...new Set(rows.map((row) => row[1]))])));
      let runsChanged = 0;
      let followUps = 0;
      for (const [id, contactId, type, properties, timestamp] of rows) {
        const event: EventSnapshot & { contactId: string } = { id, contactId, type, properties: JSON.parse(properties) as Record<string, unknown>, timestamp };
        const isEntry = type === 'contact.acquired' || live.some((j) => j.entries.some((e) => (e.config as EntryConfig).event === type));
        followUps += this.#butterfly.onEvent(event, isEntry, now);
        if (withOpenRuns.has(contactId)) runsChanged += this.#applyToOpenRuns(event, now);
        for (const journey of live) {
          const entry = journey.entries.find((e) => !e.configError && entryMatches(e.config as EntryConfig, event));
          if (entry && this.#enrol(journey, entry, contactId, id, now)) {
            withOpenRuns.add(contactId);
            runsChanged++;
          }
        }
      }
      s.markProcessed.run(now, JSON.stringify(rows.map((row) => row[0])));
      return { more: rows.length === limit || followUps > 0, runsChanged, processed: rows.length };
    })();
  }

  /**
   * Enrols contacts (created when unknown) at the first entry of a live journey, under its re-entry rule.
   * @throws EnrollmentError when the journey is missing, not live or has no entry
   */
  enroll(journeyId: string, contactIds: readonly string[], now: number): { enrolled: number; skipped: number } {
    const s = this.#statements;
    return this.#store.sqlite.transaction(() => {
      const row = s.journey.get(journeyId);
      if (!row) throw new EnrollmentError('journey_not_found', `Journey ${journeyId} does not exist`);
      if (row.status !== 'live' || row.publishedVersion === null) {
        throw new EnrollmentError('journey_not_live', `Journey ${journeyId} is not live`);
      }
      const journey = this.#journeys.get(journeyId, row.publishedVersion);
      const entry = journey.entries.find((e) => !e.configError);
      if (!entry) throw new EnrollmentError('no_entry', `Journey ${journeyId} has no entry node`);
      let enrolled = 0;
      for (const contactId of new Set(contactIds)) {
        s.createContact.run(contactId, now, now);
        if (this.#enrol(journey, entry, contactId, null, now)) enrolled++;
      }
      return { enrolled, skipped: contactIds.length - enrolled };
    })();
  }

  #liveJourneys(): CompiledJourney[] {
    const live: CompiledJourney[] = [];
    for (const j of this.#statements.openJourneys.all()) {
      if (j.status !== 'live') continue;
      try {
        live.push(this.#journeys.get(j.id, j.publishedVersion));
      } catch (err) {
        this.#logger.error({ err, journeyId: j.id }, 'published journey version cannot be read');
      }
    }
    return live;
  }

  /** Exit events and resumes for the contact's unfinished runs; returns how many runs were resumed. */
  #applyToOpenRuns(event: EventSnapshot & { contactId: string }, now: number): number {
    let resumed = 0;
    for (const open of this.#statements.openRuns.all(event.contactId)) {
      let journey: CompiledJourney;
      try {
        journey = this.#journeys.get(open.journeyId, open.version);
      } catch {
        continue;
      }
      if (journey.settings.exitEvent === event.type) {
        this.#exit(open.id, journey, now);
      } else if (
        open.status === 'waiting' &&
        open.waitingFor === event.type &&
        propertiesMatch(open.waitingMatch, event.properties)
      ) {
        resumed += this.#statements.resume.run(event.id, now, open.id, open.stepSeq).changes;
      }
    }
    return resumed;
  }

  #exit(runId: string, journey: CompiledJourney, now: number): void {
    const before = this.#runs.get(runId)!;
    const { run, step } = exitRun(before, journey.nodes.get(before.nodeId)?.type ?? '', now);
    this.#runs.commit([{ before, result: { run, steps: [step], effects: [], counters: [] } }], now);
  }

  /** Creates a run at `entry` unless the entry's re-entry rule refuses it; true when created. */
  #enrol(journey: CompiledJourney, entry: CompiledNode, contactId: string, eventId: string | null, now: number): boolean {
    const s = this.#statements;
    const { reentry } = entry.config as EntryConfig;
    if (reentry === 'once' && s.everRan.get(contactId, journey.journeyId) !== undefined) return false;
    if (reentry === 'after_exit' && s.hasOpenRun.get(contactId, journey.journeyId) !== undefined) return false;
    s.insertRun.run(newId('run'), journey.journeyId, journey.version, contactId, entry.id, eventId, now, now);
    return true;
  }
}

function entryMatches(config: EntryConfig, event: EventSnapshot): boolean {
  if (config.event !== event.type) return false;
  return config.sources.length === 0 || config.sources.includes(String(event.properties.source));
}

function propertiesMatch(match: string | null, properties: Record<string, unknown>): boolean {
  if (match === null) return true;
  return Object.entries(JSON.parse(match) as Record<string, unknown>).every(([key, value]) => properties[key] === value);
}
