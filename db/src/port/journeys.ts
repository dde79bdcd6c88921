import type { JourneyGraph, JourneySettings } from '@journey/nodes';
import type { JourneyRecord, JourneyStatus, JourneyVersionRecord, PausedEntries } from './model.ts';
import type { Page, PageQuery } from './paging.ts';

/** The editable part of a journey. */
export interface JourneyDraft {
  name: string;
  graph: JourneyGraph;
  settings: JourneySettings;
}

/** A journey that has a published version, as event processing reads the list. */
export interface PublishedJourney {
  id: string;
  status: 'live' | 'paused';
  publishedVersion: number;
  pausedEntries: PausedEntries | null;
}

/**
 * Journeys, their drafts and their immutable versions. Writes that depend on what the caller read
 * are guarded by `revision`: they apply only while the journey is at that revision, and answer
 * `undefined` (or false) otherwise, writing nothing.
 *
 * @example
 * ```ts
 * const saved = await store.journeys.update(id, draft, loaded.revision, now);
 * if (!saved) throw new Conflict('revision_conflict', 'changed since loaded');
 * ```
 */
export interface JourneyRepository {
  create(record: JourneyRecord): Promise<void>;
  get(id: string): Promise<JourneyRecord | undefined>;
  /** Journeys, newest first: those of `status`, or every one but the archived ones. */
  list(filter: { status?: JourneyStatus | undefined }, page: PageQuery): Promise<Page<JourneyRecord>>;
  update(id: string, draft: JourneyDraft, revision: number, now: number): Promise<JourneyRecord | undefined>;
  /** Moves the journey to `status`; `pausedEntries` is kept with a pause (and cleared otherwise). */
  setStatus(id: string, status: JourneyStatus, revision: number, now: number, pausedEntries?: PausedEntries): Promise<JourneyRecord | undefined>;
  /** Deletes the journey with its versions and counters. */
  delete(id: string): Promise<void>;
  /** The highest published version, 0 when none. */
  lastVersion(id: string): Promise<number>;
  /** Stores the version and makes the journey live at it, if the journey is still at `revision`. */
  publish(version: JourneyVersionRecord, revision: number, now: number): Promise<boolean>;
  version(id: string, version: number): Promise<JourneyVersionRecord | undefined>;
  /** Published versions, newest first. */
  versions(id: string, page: PageQuery<number>): Promise<Page<JourneyVersionRecord, number>>;
  /** Journeys with a published version that are live or paused, by id. */
  published(): Promise<PublishedJourney[]>;
}
