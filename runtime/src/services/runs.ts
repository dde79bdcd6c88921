import { runs, type Db, type RunStatus } from '@journey/db';
import { and, desc, eq, lt } from 'drizzle-orm';
import { decodeCursor, page } from '../api/pagination.ts';
import { notFound } from '../api/errors.ts';
import { findJourney } from './journeys.ts';

type RunRow = typeof runs.$inferSelect;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A run as the API shows it (SPEC §5). */
export function toRunView(run: RunRow) {
  return {
    id: run.id,
    journeyId: run.journeyId,
    version: run.version,
    contactId: run.contactId,
    status: run.status,
    nodeId: run.nodeId,
    wakeAt: iso(run.wakeAt),
    waitingFor: run.waitingFor,
    attempts: run.attempts,
    error: run.error,
    context: run.context,
    createdAt: iso(run.createdAt)!,
    updatedAt: iso(run.updatedAt)!,
    endedAt: iso(run.endedAt),
  };
}
export type RunView = ReturnType<typeof toRunView>;

/** A journey's runs, newest first, optionally only those with a status or at a node. */
export function listRuns(
  db: Db,
  journeyId: string,
  query: { status?: RunStatus | undefined; node?: string | undefined; limit: number; cursor?: string | undefined },
) {
  findJourney(db, journeyId);
  const before = decodeCursor(query.cursor, 'string');
  const rows = db
    .select()
    .from(runs)
    .where(
      and(
        eq(runs.journeyId, journeyId),
        query.status ? eq(runs.status, query.status) : undefined,
        query.node ? eq(runs.nodeId, query.node) : undefined,
        before ? lt(runs.id, before) : undefined,
      ),
    )
    .orderBy(desc(runs.id))
    .limit(query.limit + 1)
    .all();
  const { items, nextCursor } = page(rows, query.limit, (r) => r.id);
  return { items: items.map(toRunView), nextCursor };
}

/** Every run of a contact, newest first. */
export function runsOfContact(db: Db, contactId: string): RunView[] {
  return db.select().from(runs).where(eq(runs.contactId, contactId)).orderBy(desc(runs.id)).all().map(toRunView);
}

/** One run; 404 when there is none. */
export function getRun(db: Db, id: string): RunView {
  const row = db.select().from(runs).where(eq(runs.id, id)).get();
  if (!row) throw notFound('Run', id);
  return toRunView(row);
}
