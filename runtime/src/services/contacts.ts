import { contacts, contactTags, steps, type Db } from '@journey/db';
import { and, asc, eq, gt } from 'drizzle-orm';
import { notFound } from '../api/errors.ts';
import { decodeCursor, page } from '../api/pagination.ts';
import type { Queryable } from './queryable.ts';
import { runsOfContact } from './runs.ts';
import { contactButterfly } from '../butterfly/contact-butterfly.ts';

/** What `POST /api/contacts` takes: attributes are merged into the stored ones, tags are added. */
export interface ContactUpsert {
  id: string;
  name?: string | undefined;
  attributes?: Record<string, unknown> | undefined;
  tags?: string[] | undefined;
}

function contactView(db: Queryable, id: string) {
  const row = db.select().from(contacts).where(eq(contacts.id, id)).get();
  if (!row) throw notFound('Contact', id);
  const tags = db
    .select({ tag: contactTags.tag })
    .from(contactTags)
    .where(eq(contactTags.contactId, id))
    .orderBy(asc(contactTags.tag))
    .all()
    .map((t) => t.tag);
  return {
    id: row.id,
    name: row.name,
    attributes: row.attributes,
    tags,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

/** Creates or updates a contact in one transaction. */
export function upsertContact(db: Db, input: ContactUpsert, now: number) {
  return db.transaction((tx) => {
    const existing = tx.select().from(contacts).where(eq(contacts.id, input.id)).get();
    if (existing) {
      tx.update(contacts)
        .set({
          ...(input.name !== undefined ? { name: input.name } : {}),
          attributes: { ...existing.attributes, ...input.attributes },
          updatedAt: now,
        })
        .where(eq(contacts.id, input.id))
        .run();
    } else {
      tx.insert(contacts)
        .values({ id: input.id, name: input.name ?? null, attributes: input.attributes ?? {}, createdAt: now, updatedAt: now })
        .run();
    }
    for (const tag of new Set(input.tags ?? [])) {
      tx.insert(contactTags).values({ contactId: input.id, tag, createdAt: now }).onConflictDoNothing().run();
    }
    return { contact: contactView(tx, input.id), created: !existing };
  });
}

/** A contact with its tags and its runs. */
export function getContact(db: Db, id: string) {
  return { ...contactView(db, id), runs: runsOfContact(db, id), ...contactButterfly(db, id) };
}

/** Every step of every run of a contact, oldest first. */
export function contactTimeline(db: Db, contactId: string, query: { limit: number; cursor?: string | undefined }) {
  contactView(db, contactId);
  const after = decodeCursor(query.cursor, 'number');
  const rows = db
    .select()
    .from(steps)
    .where(and(eq(steps.contactId, contactId), after !== undefined ? gt(steps.id, after) : undefined))
    .orderBy(asc(steps.id))
    .limit(query.limit + 1)
    .all();
  const { items, nextCursor } = page(rows, query.limit, (r) => r.id);
  return {
    items: items.map((s) => ({
      id: s.id,
      runId: s.runId,
      journeyId: s.journeyId,
      version: s.version,
      nodeId: s.nodeId,
      nodeType: s.nodeType,
      seq: s.seq,
      attempt: s.attempt,
      startedAt: new Date(s.startedAt).toISOString(),
      endedAt: new Date(s.endedAt).toISOString(),
      outcome: s.outcome,
      port: s.port,
      error: s.error,
    })),
    nextCursor,
  };
}
