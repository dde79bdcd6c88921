import type { SegmentDefinition } from '@journey/nodes';
import { sql, type SQL } from 'drizzle-orm';
import type { SegmentEnrollmentRecord, SegmentRecord } from '../port/model.ts';
import { keysetPage, type Page, type PageQuery } from '../port/paging.ts';
import type { SegmentRepository } from '../port/segments.ts';
import { assignments, selectList } from './columns.ts';
import type { SqlContext } from './context.ts';
import { json, toJson } from './decode.ts';

const SEGMENT = selectList({ id: 'id', name: 'name', match: 'match', rules: 'rules', createdAt: 'created_at', updatedAt: 'updated_at' });
const ENROLLMENT_COLUMNS = {
  id: 'id',
  segmentId: 'segment_id',
  journeyId: 'journey_id',
  everyHours: 'every_hours',
  status: 'status',
  cursor: 'cursor',
  matched: 'matched',
  enrolled: 'enrolled',
  skipped: 'skipped',
  nextRunAt: 'next_run_at',
  error: 'error',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};
const ENROLLMENT = selectList(ENROLLMENT_COLUMNS);

type SegmentRow = Omit<SegmentRecord, 'rules'> & { rules: unknown };
const decode = (row: SegmentRow): SegmentRecord => ({ ...row, rules: json<unknown[]>(row.rules) });

/** The `WHERE` condition over `contacts` that selects a segment's contacts at `now`, in a store's SQL. */
export type SegmentCondition = (definition: SegmentDefinition, now: number) => SQL;

/** Segments and enrolments on either store; the segment condition is the store's own SQL. */
export class SqlSegmentRepository implements SegmentRepository {
  constructor(
    private readonly ctx: SqlContext,
    private readonly condition: SegmentCondition,
  ) {}

  async list(page: PageQuery): Promise<Page<SegmentRecord>> {
    const rows = await this.ctx.exec.all<SegmentRow>(sql`SELECT ${SEGMENT} FROM segments
      ${page.after ? sql`WHERE id > ${page.after}` : sql``} ORDER BY id LIMIT ${page.limit + 1}`);
    return keysetPage(rows.map(decode), page.limit, (r) => r.id);
  }

  async get(id: string): Promise<SegmentRecord | undefined> {
    const row = await this.ctx.exec.get<SegmentRow>(sql`SELECT ${SEGMENT} FROM segments WHERE id = ${id}`);
    return row && decode(row);
  }

  async create(r: SegmentRecord): Promise<void> {
    await this.ctx.exec.run(sql`INSERT INTO segments (id, name, match, rules, created_at, updated_at)
      VALUES (${r.id}, ${r.name}, ${r.match}, ${toJson(r.rules)}, ${r.createdAt}, ${r.updatedAt})`);
  }

  async update(id: string, patch: Pick<SegmentRecord, 'name' | 'match' | 'rules'>, now: number): Promise<void> {
    await this.ctx.exec.run(sql`UPDATE segments SET name = ${patch.name}, match = ${patch.match}, rules = ${toJson(patch.rules)},
      updated_at = ${now} WHERE id = ${id}`);
  }

  delete(id: string): Promise<void> {
    return this.ctx.atomic(async ({ exec }) => {
      await exec.run(sql`DELETE FROM segment_enrollments WHERE segment_id = ${id}`);
      await exec.run(sql`DELETE FROM segments WHERE id = ${id}`);
    });
  }

  async count(definition: SegmentDefinition, now: number): Promise<number> {
    const row = await this.ctx.exec.get<{ n: number }>(sql`SELECT count(*) AS "n" FROM contacts WHERE ${this.condition(definition, now)}`);
    return Number(row?.n ?? 0);
  }

  members(definition: SegmentDefinition, now: number, page: PageQuery): Promise<{ id: string; name: string | null }[]> {
    return this.ctx.exec.all(sql`SELECT id, name FROM contacts WHERE ${this.condition(definition, now)}
      ${page.after ? sql`AND id > ${page.after}` : sql``} ORDER BY id LIMIT ${page.limit}`);
  }

  async createEnrollment(r: SegmentEnrollmentRecord): Promise<void> {
    await this.ctx.exec.run(sql`INSERT INTO segment_enrollments (id, segment_id, journey_id, every_hours, status, cursor, matched, enrolled,
        skipped, next_run_at, error, created_at, updated_at)
      VALUES (${r.id}, ${r.segmentId}, ${r.journeyId}, ${r.everyHours}, ${r.status}, ${r.cursor}, ${r.matched}, ${r.enrolled},
        ${r.skipped}, ${r.nextRunAt}, ${r.error}, ${r.createdAt}, ${r.updatedAt})`);
  }

  enrollments(segmentId: string): Promise<SegmentEnrollmentRecord[]> {
    return this.ctx.exec.all(sql`SELECT ${ENROLLMENT} FROM segment_enrollments WHERE segment_id = ${segmentId} ORDER BY created_at DESC, id DESC`);
  }

  dueEnrollment(now: number): Promise<SegmentEnrollmentRecord | undefined> {
    return this.ctx.exec.get(sql`SELECT ${ENROLLMENT} FROM segment_enrollments
      WHERE status = 'running' OR (status = 'pending' AND (next_run_at IS NULL OR next_run_at <= ${now}))
      ORDER BY updated_at LIMIT 1`);
  }

  async nextEnrollmentAt(): Promise<number | null> {
    const row = await this.ctx.exec.get<{ at: number | null }>(sql`SELECT min(next_run_at) AS "at" FROM segment_enrollments WHERE status = 'pending'`);
    return row?.at === null || row?.at === undefined ? null : Number(row.at);
  }

  async updateEnrollment(id: string, patch: Partial<Omit<SegmentEnrollmentRecord, 'id' | 'createdAt'>>, now: number): Promise<void> {
    const sets = assignments(ENROLLMENT_COLUMNS, { ...patch, updatedAt: undefined });
    await this.ctx.exec.run(sql`UPDATE segment_enrollments SET ${sql.join([...sets, sql`updated_at = ${now}`], sql`, `)} WHERE id = ${id}`);
  }
}
