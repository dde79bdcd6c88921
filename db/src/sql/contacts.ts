import { sql, type SQL } from 'drizzle-orm';
import type { ContactListFilter, ContactListItem, ContactRepository, ContactTraits, ContactUpsert, IdentityKind } from '../port/contacts.ts';
import type { StoredEvent } from '../port/events.ts';
import type { ContactRecord, StoredStep } from '../port/model.ts';
import { keysetPage, type Page, type PageQuery } from '../port/paging.ts';
import { selectList } from './columns.ts';
import type { SqlContext } from './context.ts';
import { json, toJson } from './decode.ts';
import { isPinyinQuery, nameSearchKey, pinyinPatterns } from './name-search.ts';
import type { SegmentCondition } from './segments.ts';

const LISTED = { id: 'id', name: 'name', source: 'source', createdAt: 'created_at', updatedAt: 'updated_at' };
const CONTACT = selectList({ id: 'id', name: 'name', attributes: 'attributes', source: 'source', createdAt: 'created_at', updatedAt: 'updated_at' });
const STEP = selectList({
  id: 'id',
  runId: 'run_id',
  journeyId: 'journey_id',
  version: 'version',
  contactId: 'contact_id',
  nodeId: 'node_id',
  nodeType: 'node_type',
  seq: 'seq',
  attempt: 'attempt',
  startedAt: 'started_at',
  endedAt: 'ended_at',
  outcome: 'outcome',
  port: 'port',
  error: 'error',
  reason: 'reason',
  detail: 'detail',
});

const EVENT = selectList({ id: 'id', contactId: 'contact_id', type: 'type', properties: 'properties', timestamp: 'timestamp', receivedAt: 'received_at' });

type ContactRow = Omit<ContactRecord, 'attributes'> & { attributes: unknown };
const decode = (row: ContactRow): ContactRecord => ({ ...row, attributes: json<Record<string, unknown>>(row.attributes) });

/**
 * A `LIKE` pattern that finds `text` anywhere, its `%`, `_` and backslashes escaped (`Dialect.likeInsensitive`).
 *
 * @example containsPattern('50%') // '%50\\%%'
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Rows of `(contact_id, value)` grouped by contact, in the order they came. */
function byContact<R extends { contactId: string }, V>(rows: R[], value: (row: R) => V): Map<string, V[]> {
  const grouped = new Map<string, V[]>();
  for (const row of rows) grouped.set(row.contactId, [...(grouped.get(row.contactId) ?? []), value(row)]);
  return grouped;
}

/** Contacts and tags on either store. */
export class SqlContactRepository implements ContactRepository {
  constructor(
    private readonly ctx: SqlContext,
    private readonly segmentCondition: SegmentCondition,
  ) {}

  async ensure(ids: readonly string[], now: number): Promise<void> {
    if (ids.length === 0) return;
    const rows = [...new Set(ids)].map((id) => sql`(${id}, NULL, '{}', ${now}, ${now})`);
    await this.ctx.exec.run(
      sql`INSERT INTO contacts (id, name, attributes, created_at, updated_at) VALUES ${sql.join(rows, sql`, `)} ON CONFLICT DO NOTHING`,
    );
  }

  async get(id: string): Promise<ContactRecord | undefined> {
    const row = await this.ctx.exec.get<ContactRow>(sql`SELECT ${CONTACT} FROM contacts WHERE id = ${id}`);
    return row && decode(row);
  }

  async list(filter: ContactListFilter, now: number, page: PageQuery): Promise<Page<ContactListItem>> {
    const { dialect } = this.ctx;
    // Each filter is an indexed look-up: tags by tag, runs by journey, identities by contact.
    const conditions: SQL[] = [];
    if (filter.search) {
      const pattern = containsPattern(filter.search);
      const [start, word] = pinyinPatterns(filter.search);
      const pinyin = isPinyinQuery(filter.search) ? sql` OR contacts.name_search LIKE ${start} OR contacts.name_search LIKE ${word}` : sql``;
      conditions.push(sql`(${dialect.likeInsensitive(sql`contacts.name`, pattern)} OR ${dialect.likeInsensitive(sql`contacts.id`, pattern)}${pinyin}
        OR EXISTS (SELECT 1 FROM contact_identities i WHERE i.contact_id = contacts.id AND i.kind = 'phone' AND ${dialect.likeInsensitive(sql`i.value`, pattern)})
        OR EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = contacts.id AND t.tag = ${filter.search}))`);
    }
    if (filter.tag !== undefined) conditions.push(sql`contacts.id IN (SELECT contact_id FROM contact_tags WHERE tag = ${filter.tag})`);
    if (filter.source !== undefined) conditions.push(sql`contacts.source = ${filter.source}`);
    if (filter.journeyId !== undefined) conditions.push(sql`contacts.id IN (SELECT contact_id FROM runs WHERE journey_id = ${filter.journeyId})`);
    if (filter.segment !== undefined) conditions.push(this.segmentCondition(filter.segment, now));
    if (page.after !== undefined) conditions.push(sql`contacts.id > ${page.after}`);
    const where = conditions.length === 0 ? sql`` : sql`WHERE ${sql.join(conditions, sql` AND `)}`;
    const rows = await this.ctx.exec.all<Omit<ContactListItem, 'tags' | 'phone' | 'lastEventAt' | 'journeys'>>(
      sql`SELECT ${selectList(LISTED, 'contacts')} FROM contacts ${where} ORDER BY contacts.id LIMIT ${page.limit + 1}`,
    );
    const found = keysetPage(rows, page.limit, (r) => r.id);
    if (found.items.length === 0) return { items: [], next: found.next };
    const ids = found.items.map((r) => r.id);
    const [tags, phones, lastEvents, journeys] = await Promise.all([
      this.ctx.exec.all<{ contactId: string; tag: string }>(
        sql`SELECT contact_id AS "contactId", tag FROM contact_tags WHERE ${dialect.inList(sql`contact_id`, ids)} ORDER BY contact_id, tag`,
      ),
      this.ctx.exec.all<{ contactId: string; value: string }>(
        sql`SELECT contact_id AS "contactId", value FROM contact_identities WHERE kind = 'phone' AND ${dialect.inList(sql`contact_id`, ids)}`,
      ),
      this.ctx.exec.all<{ contactId: string; at: number }>(
        sql`SELECT e.contact_id AS "contactId", max(e.timestamp) AS "at" FROM events e WHERE ${dialect.inList(sql`e.contact_id`, ids)} GROUP BY e.contact_id`,
      ),
      this.ctx.exec.all<{ contactId: string; id: string; name: string }>(
        sql`SELECT DISTINCT r.contact_id AS "contactId", j.id AS "id", j.name AS "name" FROM runs r JOIN journeys j ON j.id = r.journey_id
          WHERE ${dialect.inList(sql`r.contact_id`, ids)} ORDER BY r.contact_id, j.name, j.id`,
      ),
    ]);
    const tagsOf = byContact(tags, (r) => r.tag);
    const phoneOf = new Map(phones.map((r) => [r.contactId, r.value]));
    const lastEventOf = new Map(lastEvents.map((r) => [r.contactId, Number(r.at)]));
    const journeysOf = byContact(journeys, ({ id, name }) => ({ id, name }));
    return {
      items: found.items.map((row) => ({
        ...row,
        tags: tagsOf.get(row.id) ?? [],
        phone: phoneOf.get(row.id) ?? null,
        lastEventAt: lastEventOf.get(row.id) ?? null,
        journeys: journeysOf.get(row.id) ?? [],
      })),
      next: found.next,
    };
  }

  async tags(id: string): Promise<string[]> {
    const rows = await this.ctx.exec.all<{ tag: string }>(sql`SELECT tag FROM contact_tags WHERE contact_id = ${id} ORDER BY tag`);
    return rows.map((r) => r.tag);
  }

  upsert(input: ContactUpsert, now: number): Promise<{ created: boolean }> {
    return this.ctx.atomic(async (ctx) => {
      const { exec } = ctx;
      const lock = ctx.dialect.lockKey(`contact:${input.id}`);
      if (lock) await exec.run(lock);
      const existing = await new SqlContactRepository(ctx, this.segmentCondition).get(input.id);
      if (existing) {
        await exec.run(sql`UPDATE contacts SET ${input.name !== undefined ? sql`name = ${input.name}, name_search = ${nameSearchKey(input.name)}, ` : sql``}
          attributes = ${toJson({ ...existing.attributes, ...input.attributes })}, updated_at = ${now} WHERE id = ${input.id}`);
      } else {
        await exec.run(sql`INSERT INTO contacts (id, name, name_search, attributes, created_at, updated_at)
          VALUES (${input.id}, ${input.name ?? null}, ${nameSearchKey(input.name)}, ${toJson(input.attributes ?? {})}, ${now}, ${now})`);
      }
      const tags = [...new Set(input.tags ?? [])];
      if (tags.length > 0) {
        await exec.run(sql`INSERT INTO contact_tags (contact_id, tag, created_at)
          VALUES ${sql.join(tags.map((tag) => sql`(${input.id}, ${tag}, ${now})`), sql`, `)} ON CONFLICT DO NOTHING`);
      }
      return { created: !existing };
    });
  }

  applyTraits(updates: readonly { contactId: string; traits: ContactTraits }[], now: number): Promise<void> {
    if (updates.length === 0) return Promise.resolve();
    return this.ctx.atomic(async (ctx) => {
      const repo = new SqlContactRepository(ctx, this.segmentCondition);
      for (const { contactId, traits } of updates) {
        await repo.upsert({ id: contactId, name: traits.name, attributes: traits.attributes }, now);
        const identities = Object.entries(traits.identities ?? {}).filter(([, value]) => value !== undefined);
        if (identities.length === 0) continue;
        await ctx.exec.run(sql`INSERT INTO contact_identities (contact_id, kind, value, updated_at)
          VALUES ${sql.join(identities.map(([kind, value]) => sql`(${contactId}, ${kind}, ${value}, ${now})`), sql`, `)}
          ON CONFLICT (contact_id, kind) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
      }
    });
  }

  async keepFirstSource(entries: readonly { contactId: string; source: string }[], now: number): Promise<void> {
    // The first entry of a contact within the batch wins, as it would have across batches.
    const first = new Map<string, string>();
    for (const { contactId, source } of entries) if (!first.has(contactId)) first.set(contactId, source);
    for (const [contactId, source] of first) {
      await this.ctx.exec.run(sql`UPDATE contacts SET source = ${source}, updated_at = ${now} WHERE id = ${contactId} AND source IS NULL`);
    }
  }

  async identities(id: string): Promise<Partial<Record<IdentityKind, string>>> {
    const rows = await this.ctx.exec.all<{ kind: IdentityKind; value: string }>(sql`SELECT kind, value FROM contact_identities WHERE contact_id = ${id} ORDER BY kind`);
    return Object.fromEntries(rows.map((r) => [r.kind, r.value]));
  }

  async fillNameSearch(limit: number): Promise<number> {
    const rows = await this.ctx.exec.all<{ id: string; name: string }>(sql`SELECT id, name FROM contacts WHERE name IS NOT NULL AND name_search IS NULL LIMIT ${limit}`);
    for (const { id, name } of rows) await this.ctx.exec.run(sql`UPDATE contacts SET name_search = ${nameSearchKey(name)} WHERE id = ${id} AND name = ${name}`);
    return rows.length;
  }

  async findByIdentity(kind: IdentityKind, value: string): Promise<string | undefined> {
    const rows = await this.ctx.exec.all<{ contactId: string }>(
      sql`SELECT contact_id AS "contactId" FROM contact_identities WHERE kind = ${kind} AND value = ${value} ORDER BY updated_at DESC, contact_id LIMIT 1`,
    );
    return rows[0]?.contactId;
  }

  async timeline(contactId: string, page: PageQuery<number>): Promise<Page<StoredStep, number>> {
    const rows = await this.ctx.exec.all<Omit<StoredStep, 'detail'> & { detail: unknown }>(sql`SELECT ${STEP} FROM steps WHERE contact_id = ${contactId}
      ${page.after !== undefined ? sql`AND id > ${page.after}` : sql``} ORDER BY id LIMIT ${page.limit + 1}`);
    const steps = rows.map((r) => ({ ...r, detail: r.detail === null ? null : json<Record<string, unknown>>(r.detail) }));
    return keysetPage(steps, page.limit, (r) => r.id);
  }

  async events(contactId: string, page: PageQuery<string>): Promise<Page<StoredEvent, string>> {
    const rows = await this.ctx.exec.all<Omit<StoredEvent, 'properties' | 'timestamp' | 'receivedAt'> & { properties: unknown; timestamp: unknown; receivedAt: unknown }>(
      sql`SELECT ${EVENT} FROM events WHERE contact_id = ${contactId} ${page.after !== undefined ? sql`AND id > ${page.after}` : sql``} ORDER BY id LIMIT ${page.limit + 1}`,
    );
    const events = rows.map((r) => ({ ...r, properties: json<Record<string, unknown>>(r.properties), timestamp: Number(r.timestamp), receivedAt: Number(r.receivedAt) }));
    return keysetPage(events, page.limit, (r) => r.id);
  }
}
