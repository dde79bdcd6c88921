import { journeys, journeyVersions, nodeCounters, runs, type Db, type JourneyStatus, newId } from '@journey/db';
import { validateGraph, type JourneyGraph, type JourneySettings, type NodeRegistry } from '@journey/nodes';
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { ApiError, notFound } from '../api/errors.ts';
import { decodeCursor, page } from '../api/pagination.ts';
import type { Queryable } from './queryable.ts';

type JourneyRow = typeof journeys.$inferSelect;

/** A journey as the API shows it (SPEC §5 names, plus `revision` for conflict checks). */
export interface JourneyView {
  id: string;
  name: string;
  status: JourneyStatus;
  graph: JourneyGraph;
  settings: JourneySettings;
  publishedVersion: number | null;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export function toJourneyView(row: JourneyRow): JourneyView {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    graph: row.graph,
    settings: row.settings,
    publishedVersion: row.publishedVersion,
    revision: row.revision,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

/** The editable part of a journey. */
export interface JourneyDraft {
  name: string;
  graph: JourneyGraph;
  settings: JourneySettings;
}

export function findJourney(db: Queryable, id: string): JourneyRow {
  const row = db.select().from(journeys).where(eq(journeys.id, id)).get();
  if (!row) throw notFound('Journey', id);
  return row;
}

export function createJourney(db: Db, draft: JourneyDraft, now: number): JourneyView {
  const row = db
    .insert(journeys)
    .values({ id: newId('jrn'), ...draft, status: 'draft', createdAt: now, updatedAt: now })
    .returning()
    .get();
  return toJourneyView(row);
}

/** Journeys, newest first. */
export function listJourneys(db: Db, query: { status?: JourneyStatus | undefined; limit: number; cursor?: string | undefined }) {
  const after = decodeCursor(query.cursor, 'string');
  const rows = db
    .select()
    .from(journeys)
    .where(and(query.status ? eq(journeys.status, query.status) : undefined, after ? lt(journeys.id, after) : undefined))
    .orderBy(desc(journeys.id))
    .limit(query.limit + 1)
    .all();
  const { items, nextCursor } = page(rows, query.limit, (r) => r.id);
  return { items: items.map(toJourneyView), nextCursor };
}

/** A 409 when the caller loaded another revision than the current one (no `revision`: no check). */
function checkRevision(current: JourneyRow, revision: number | undefined): void {
  if (revision !== undefined && revision !== current.revision) {
    throw new ApiError(409, 'revision_conflict', 'The journey was changed since you loaded it; reload and try again', {
      revision: current.revision,
    });
  }
}

/** Replaces the draft; with `revision`, only when nobody saved in between (else 409). */
export function updateJourney(db: Db, id: string, draft: JourneyDraft & { revision?: number | undefined }, now: number): JourneyView {
  return db.transaction((tx) => {
    const current = findJourney(tx, id);
    checkRevision(current, draft.revision);
    const row = tx
      .update(journeys)
      .set({ name: draft.name, graph: draft.graph, settings: draft.settings, revision: current.revision + 1, updatedAt: now })
      .where(eq(journeys.id, id))
      .returning()
      .get();
    return toJourneyView(row);
  });
}

/** Deletes a journey that is not live and has no run in flight, with its versions and counters. */
export function deleteJourney(db: Db, id: string): void {
  db.transaction((tx) => {
    const current = findJourney(tx, id);
    if (current.status === 'live') {
      throw new ApiError(409, 'journey_live', 'Pause the journey before deleting it');
    }
    const inFlight = tx
      .select({ n: sql<number>`count(*)` })
      .from(runs)
      .where(and(eq(runs.journeyId, id), inArray(runs.status, ['active', 'waiting'])))
      .get()!.n;
    if (inFlight > 0) {
      throw new ApiError(409, 'journey_has_runs', `${inFlight} contacts are still in this journey`, { inFlight });
    }
    tx.delete(journeyVersions).where(eq(journeyVersions.journeyId, id)).run();
    tx.delete(nodeCounters).where(eq(nodeCounters.journeyId, id)).run();
    tx.delete(journeys).where(eq(journeys.id, id)).run();
  });
}

/**
 * Freezes the draft as the next immutable version and makes the journey live. An invalid graph is
 * refused with 422 and every problem in `details`, a changed `revision` with 409; nothing is written then.
 */
export function publishJourney(
  db: Db,
  registry: NodeRegistry,
  id: string,
  options: { by: string | null; revision?: number | undefined },
  now: number,
): { version: number } {
  return db.transaction((tx) => {
    const current = findJourney(tx, id);
    checkRevision(current, options.revision);
    const validation = validateGraph(current.graph, registry);
    if (!validation.valid || !validation.graph) {
      throw new ApiError(422, 'invalid_graph', `The journey has ${validation.problems.length} problem(s) to fix before publishing`, validation.problems);
    }
    const last = tx
      .select({ v: sql<number | null>`max(${journeyVersions.version})` })
      .from(journeyVersions)
      .where(eq(journeyVersions.journeyId, id))
      .get()!.v;
    const version = (last ?? 0) + 1;
    tx.insert(journeyVersions)
      .values({ journeyId: id, version, graph: validation.graph, settings: current.settings, publishedAt: now, publishedBy: options.by })
      .run();
    tx.update(journeys)
      .set({ status: 'live', publishedVersion: version, revision: current.revision + 1, updatedAt: now })
      .where(eq(journeys.id, id))
      .run();
    return { version };
  });
}

/** Pauses a live journey or resumes a paused one; any other move is a 409. */
export function moveJourney(db: Db, id: string, to: 'live' | 'paused', now: number): JourneyView {
  return db.transaction((tx) => {
    const current = findJourney(tx, id);
    const from: JourneyStatus = to === 'paused' ? 'live' : 'paused';
    if (current.status !== from) {
      throw new ApiError(409, 'invalid_status', `Only a ${from} journey can be ${to === 'paused' ? 'paused' : 'resumed'}; this one is ${current.status}`);
    }
    const row = tx
      .update(journeys)
      .set({ status: to, revision: current.revision + 1, updatedAt: now })
      .where(eq(journeys.id, id))
      .returning()
      .get();
    return toJourneyView(row);
  });
}

/** Published versions, newest first. */
export function listVersions(db: Db, id: string, query: { limit: number; cursor?: string | undefined }) {
  findJourney(db, id);
  const before = decodeCursor(query.cursor, 'number');
  const rows = db
    .select()
    .from(journeyVersions)
    .where(and(eq(journeyVersions.journeyId, id), before !== undefined ? lt(journeyVersions.version, before) : undefined))
    .orderBy(desc(journeyVersions.version))
    .limit(query.limit + 1)
    .all();
  const { items, nextCursor } = page(rows, query.limit, (r) => r.version);
  return {
    items: items.map((v) => ({
      journeyId: v.journeyId,
      version: v.version,
      graph: v.graph,
      settings: v.settings,
      publishedAt: new Date(v.publishedAt).toISOString(),
      publishedBy: v.publishedBy,
    })),
    nextCursor,
  };
}
