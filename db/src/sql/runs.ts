import { RUN_STATUSES } from '@journey/nodes/server';
import { sql } from 'drizzle-orm';
import type { StoredEvent } from '../port/events.ts';
import type { RunRecord, RunStatus } from '../port/model.ts';
import { keysetPage, type Page, type PageQuery } from '../port/paging.ts';
import type {
  ContactEventCountQuery,
  CommitSummary,
  EntryHistory,
  LoadedRun,
  NewRun,
  OpenRun,
  RunBacklog,
  AdvanceDue,
  DueSelection,
  EventsSinceQuery,
  StepBatch,
  RunCommit,
  RunJobSource,
  RunRepository,
  RunResume,
  StepInputs,
  StepInputsRequest,
} from '../port/runs.ts';
import { selectList } from './columns.ts';
import type { SqlContext } from './context.ts';
import { json } from './decode.ts';

/** Runs of paused journeys are never due. */
export const NOT_PAUSED = sql.raw(`journey_id NOT IN (SELECT id FROM journeys WHERE status = 'paused')`);

const RECORD = selectList({
  id: 'id',
  journeyId: 'journey_id',
  version: 'version',
  contactId: 'contact_id',
  status: 'status',
  nodeId: 'node_id',
  wakeAt: 'wake_at',
  waitingFor: 'waiting_for',
  attempts: 'attempts',
  error: 'error',
  context: 'context',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  endedAt: 'ended_at',
  holdReason: 'hold_reason',
});
const JOB_SOURCE = selectList({ id: 'id', stepSeq: 'step_seq', status: 'status', wakeAt: 'wake_at', updatedAt: 'updated_at' });

type RecordRow = Omit<RunRecord, 'context'> & { context: unknown };
const decodeRecord = (row: RecordRow): RunRecord => ({ ...row, context: json<Record<string, unknown>>(row.context) });

/**
 * Runs on either store: the reads of the API, health and the sweeper, shared. The queue's hot path
 * (loading due runs, committing steps, event processing's reads and writes) is each store's own.
 */
export abstract class SqlRunRepository implements RunRepository {
  constructor(protected readonly ctx: SqlContext) {}

  abstract get(id: string): Promise<LoadedRun | undefined>;
  abstract due(now: number, limit: number): Promise<LoadedRun[]>;
  abstract dueByIds(ids: readonly string[], now: number): Promise<LoadedRun[]>;
  abstract step(select: DueSelection, now: number, advance: AdvanceDue): Promise<StepBatch>;
  abstract hasDue(now: number): Promise<boolean>;
  abstract nextWakeAt(now: number): Promise<number | null>;
  abstract stepInputs(request: StepInputsRequest): Promise<StepInputs>;
  abstract commit(commits: readonly RunCommit[], now: number): Promise<CommitSummary>;
  abstract openRuns(contactIds: readonly string[]): Promise<OpenRun[]>;
  abstract entryHistory(contactIds: readonly string[], journeyIds: readonly string[]): Promise<EntryHistory[]>;
  abstract insert(runs: readonly NewRun[], now: number): Promise<void>;
  abstract resume(resumes: readonly RunResume[], now: number): Promise<number>;

  async eventsSince(queries: readonly EventsSinceQuery[]): Promise<StoredEvent[]> {
    if (queries.length === 0) return [];
    const { dialect } = this.ctx;
    const rows = await this.ctx.exec.all<Omit<StoredEvent, 'properties'> & { properties: unknown }>(sql`SELECT id, contact_id AS "contactId", type,
        properties, timestamp, received_at AS "receivedAt" FROM events
      WHERE ${sql.join(
        queries.map(
          (q) =>
            sql`(contact_id = ${q.contactId} AND ${'eventId' in q.after ? sql`id > ${q.after.eventId}` : sql`received_at >= ${q.after.receivedAt}`}
              AND ${dialect.inList(sql`type`, [...q.types])})`,
        ),
        sql` OR `,
      )}
      ORDER BY id`);
    return rows.map((row) => ({ ...row, properties: json<Record<string, unknown>>(row.properties) }));
  }

  async eventCounts(queries: readonly ContactEventCountQuery[]): Promise<number[]> {
    const { dialect } = this.ctx;
    const counts: number[] = [];
    for (const q of queries) {
      const properties = Object.entries(q.properties ?? {}).map(([key, value]) => sql`AND ${dialect.jsonEquals(sql`properties`, key, value)}`);
      const row = await this.ctx.exec.get<{ n: unknown }>(sql`SELECT count(*) AS "n" FROM events
        WHERE contact_id = ${q.contactId} AND type = ${q.event} AND timestamp >= ${q.since} ${sql.join(properties, sql` `)}`);
      counts.push(Number(row?.n ?? 0));
    }
    return counts;
  }

  async record(id: string): Promise<RunRecord | undefined> {
    const row = await this.ctx.exec.get<RecordRow>(sql`SELECT ${RECORD} FROM runs WHERE id = ${id}`);
    return row && decodeRecord(row);
  }

  activeSince(after: readonly [updatedAt: number, id: string], limit: number): Promise<RunJobSource[]> {
    const [at, id] = after;
    return this.ctx.exec.all(sql`SELECT ${JOB_SOURCE} FROM runs
      WHERE status = 'active' AND (updated_at > ${at} OR (updated_at = ${at} AND id > ${id})) AND ${NOT_PAUSED}
      ORDER BY updated_at, id LIMIT ${limit}`);
  }

  overdue(dueBefore: number, limit: number): Promise<RunJobSource[]> {
    return this.ctx.exec.all(sql`SELECT ${JOB_SOURCE} FROM runs
      WHERE ((status = 'active' AND updated_at <= ${dueBefore}) OR (status = 'waiting' AND wake_at <= ${dueBefore})) AND ${NOT_PAUSED}
      LIMIT ${limit}`);
  }

  async backlog(now: number): Promise<RunBacklog> {
    // An active run has no wake-up time: it has been due since its last change.
    const row = await this.ctx.exec.get<{ n: unknown; oldest: unknown }>(sql`SELECT count(*) AS "n", min(coalesce(wake_at, updated_at)) AS "oldest"
      FROM runs WHERE (status = 'active' OR (status = 'waiting' AND wake_at <= ${now})) AND ${NOT_PAUSED}`);
    return { dueRuns: Number(row?.n ?? 0), oldestDueAt: row?.oldest === null || row?.oldest === undefined ? null : Number(row.oldest) };
  }

  async countByStatus(): Promise<Record<RunStatus, number>> {
    const counts = Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>;
    const rows = await this.ctx.exec.all<{ status: RunStatus; n: unknown }>(sql`SELECT status, count(*) AS "n" FROM runs GROUP BY status`);
    for (const { status, n } of rows) counts[status] = Number(n);
    return counts;
  }

  async countOpen(journeyId: string): Promise<number> {
    const row = await this.ctx.exec.get<{ n: unknown }>(
      sql`SELECT count(*) AS "n" FROM runs WHERE journey_id = ${journeyId} AND status IN ('active', 'waiting')`,
    );
    return Number(row?.n ?? 0);
  }

  async list(journeyId: string, filter: { status?: RunStatus | undefined; nodeId?: string | undefined }, page: PageQuery): Promise<Page<RunRecord>> {
    const rows = await this.ctx.exec.all<RecordRow>(sql`SELECT ${RECORD} FROM runs WHERE journey_id = ${journeyId}
      ${filter.status ? sql`AND status = ${filter.status}` : sql``} ${filter.nodeId ? sql`AND node_id = ${filter.nodeId}` : sql``}
      ${page.after ? sql`AND id < ${page.after}` : sql``} ORDER BY id DESC LIMIT ${page.limit + 1}`);
    return keysetPage(rows.map(decodeRecord), page.limit, (r) => r.id);
  }

  async ofContact(contactId: string): Promise<RunRecord[]> {
    return (await this.ctx.exec.all<RecordRow>(sql`SELECT ${RECORD} FROM runs WHERE contact_id = ${contactId} ORDER BY id DESC`)).map(decodeRecord);
  }
}
