import type { JourneyGraph, JourneySettings } from '@journey/nodes';
import { sql } from 'drizzle-orm';
import type { JourneyDraft, JourneyRepository, PublishedJourney } from '../port/journeys.ts';
import type { JourneyRecord, JourneyStatus, JourneyVersionRecord, PausedEntries } from '../port/model.ts';
import { keysetPage, type Page, type PageQuery } from '../port/paging.ts';
import { selectList } from './columns.ts';
import type { SqlContext } from './context.ts';
import { json, toJson } from './decode.ts';

const JOURNEY = selectList({
  id: 'id',
  name: 'name',
  status: 'status',
  graph: 'graph',
  settings: 'settings',
  publishedVersion: 'published_version',
  pausedEntries: 'paused_entries',
  revision: 'revision',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
});
const VERSION = selectList({
  journeyId: 'journey_id',
  version: 'version',
  graph: 'graph',
  settings: 'settings',
  publishedAt: 'published_at',
  publishedBy: 'published_by',
  note: 'note',
});

type Row<T> = Omit<T, 'graph' | 'settings'> & { graph: unknown; settings: unknown };

function decode<T extends { graph: JourneyGraph; settings: JourneySettings }>(row: Row<T>): T {
  return { ...row, graph: json<JourneyGraph>(row.graph), settings: json<JourneySettings>(row.settings) } as T;
}

/** Journeys and versions on either store. */
export class SqlJourneyRepository implements JourneyRepository {
  constructor(private readonly ctx: SqlContext) {}

  async create(r: JourneyRecord): Promise<void> {
    await this.ctx.exec.run(sql`INSERT INTO journeys (id, name, status, graph, settings, published_version, paused_entries, revision, created_at, updated_at)
      VALUES (${r.id}, ${r.name}, ${r.status}, ${toJson(r.graph)}, ${toJson(r.settings)}, ${r.publishedVersion}, ${r.pausedEntries}, ${r.revision}, ${r.createdAt}, ${r.updatedAt})`);
  }

  async get(id: string): Promise<JourneyRecord | undefined> {
    const row = await this.ctx.exec.get<Row<JourneyRecord>>(sql`SELECT ${JOURNEY} FROM journeys WHERE id = ${id}`);
    return row && decode(row);
  }

  async list(filter: { status?: JourneyStatus | undefined }, page: PageQuery): Promise<Page<JourneyRecord>> {
    const rows = await this.ctx.exec.all<Row<JourneyRecord>>(sql`SELECT ${JOURNEY} FROM journeys WHERE 1 = 1
      ${filter.status ? sql`AND status = ${filter.status}` : sql`AND status <> 'archived'`} ${page.after ? sql`AND id < ${page.after}` : sql``}
      ORDER BY id DESC LIMIT ${page.limit + 1}`);
    return keysetPage(rows.map(decode<JourneyRecord>), page.limit, (r) => r.id);
  }

  async update(id: string, draft: JourneyDraft, revision: number, now: number): Promise<JourneyRecord | undefined> {
    const row = await this.ctx.exec.get<Row<JourneyRecord>>(sql`UPDATE journeys SET name = ${draft.name}, graph = ${toJson(draft.graph)},
        settings = ${toJson(draft.settings)}, revision = revision + 1, updated_at = ${now}
      WHERE id = ${id} AND revision = ${revision} RETURNING ${JOURNEY}`);
    return row && decode(row);
  }

  async setStatus(id: string, status: JourneyStatus, revision: number, now: number, pausedEntries?: PausedEntries): Promise<JourneyRecord | undefined> {
    const entries = status === 'paused' ? (pausedEntries ?? 'queue') : null;
    const row = await this.ctx.exec.get<Row<JourneyRecord>>(sql`UPDATE journeys SET status = ${status}, paused_entries = ${entries}, revision = revision + 1, updated_at = ${now}
      WHERE id = ${id} AND revision = ${revision} RETURNING ${JOURNEY}`);
    return row && decode(row);
  }

  delete(id: string): Promise<void> {
    return this.ctx.atomic(async ({ exec }) => {
      await exec.run(sql`DELETE FROM journey_versions WHERE journey_id = ${id}`);
      await exec.run(sql`DELETE FROM node_counters WHERE journey_id = ${id}`);
      await exec.run(sql`DELETE FROM journeys WHERE id = ${id}`);
    });
  }

  async lastVersion(id: string): Promise<number> {
    const row = await this.ctx.exec.get<{ v: number | null }>(sql`SELECT max(version) AS "v" FROM journey_versions WHERE journey_id = ${id}`);
    return Number(row?.v ?? 0);
  }

  publish(v: JourneyVersionRecord, revision: number, now: number): Promise<boolean> {
    return this.ctx.atomic(async ({ exec }) => {
      const changed = await exec.run(sql`UPDATE journeys SET status = 'live', published_version = ${v.version}, revision = revision + 1, updated_at = ${now}
        WHERE id = ${v.journeyId} AND revision = ${revision}`);
      if (changed === 0) return false;
      await exec.run(sql`INSERT INTO journey_versions (journey_id, version, graph, settings, published_at, published_by, note)
        VALUES (${v.journeyId}, ${v.version}, ${toJson(v.graph)}, ${toJson(v.settings)}, ${v.publishedAt}, ${v.publishedBy}, ${v.note})`);
      return true;
    });
  }

  async version(id: string, version: number): Promise<JourneyVersionRecord | undefined> {
    const row = await this.ctx.exec.get<Row<JourneyVersionRecord>>(
      sql`SELECT ${VERSION} FROM journey_versions WHERE journey_id = ${id} AND version = ${version}`,
    );
    return row && decode(row);
  }

  async versions(id: string, page: PageQuery<number>): Promise<Page<JourneyVersionRecord, number>> {
    const rows = await this.ctx.exec.all<Row<JourneyVersionRecord>>(sql`SELECT ${VERSION} FROM journey_versions WHERE journey_id = ${id}
      ${page.after !== undefined ? sql`AND version < ${page.after}` : sql``} ORDER BY version DESC LIMIT ${page.limit + 1}`);
    return keysetPage(rows.map(decode<JourneyVersionRecord>), page.limit, (r) => r.version);
  }

  published(): Promise<PublishedJourney[]> {
    return this.ctx.exec.all<PublishedJourney>(sql`SELECT id, status, published_version AS "publishedVersion", paused_entries AS "pausedEntries" FROM journeys
      WHERE status IN ('live', 'paused') AND published_version IS NOT NULL ORDER BY id`);
  }
}
