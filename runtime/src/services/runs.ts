import type { Repositories, RunRecord, RunStatus } from '@journey/db';
import { NotFound } from '../domain-errors.ts';
import { findJourney } from './journeys.ts';
import { listPage, type ListQuery } from './list-page.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A run as the API shows it (SPEC §5). */
export function toRunView(run: RunRecord) {
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
    held: run.status === 'waiting' && run.holdReason !== null && run.wakeAt !== null ? { reason: run.holdReason, until: iso(run.wakeAt)! } : null,
  };
}
export type RunView = ReturnType<typeof toRunView>;

/** A journey's runs, newest first, optionally only those with a status or at a node. */
export async function listRuns(db: Repositories, journeyId: string, query: ListQuery & { status?: RunStatus | undefined; node?: string | undefined }) {
  await findJourney(db, journeyId);
  return listPage(query, 'string', (page) => db.runs.list(journeyId, { status: query.status, nodeId: query.node }, page), toRunView);
}

/** Every run of a contact, newest first. */
export async function runsOfContact(db: Repositories, contactId: string): Promise<RunView[]> {
  return (await db.runs.ofContact(contactId)).map(toRunView);
}

/** One run, or `NotFound`. */
export async function getRun(db: Repositories, id: string): Promise<RunView> {
  const row = await db.runs.record(id);
  if (!row) throw new NotFound('Run', id);
  return toRunView(row);
}
