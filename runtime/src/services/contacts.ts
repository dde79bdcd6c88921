import type { ContactListFilter, ContactUpsert, Repositories, Store } from '@journey/db';
import { segmentDefinitionSchema } from '@journey/nodes';
import { contactButterfly } from '../butterfly/contact-butterfly.ts';
import { InvalidInput, NotFound } from '../domain-errors.ts';
import { listPage, type ListQuery } from './list-page.ts';
import { runsOfContact } from './runs.ts';

export type { ContactUpsert } from '@journey/db';

async function contactView(db: Repositories, id: string) {
  const [row, tags, identities] = await Promise.all([db.contacts.get(id), db.contacts.tags(id), db.contacts.identities(id)]);
  if (!row) throw new NotFound('Contact', id);
  return {
    id: row.id,
    name: row.name,
    attributes: row.attributes,
    source: row.source,
    identities,
    tags,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** What the contacts list takes: its page and filters, the segment by id. */
export type ContactListQuery = ListQuery & Omit<ContactListFilter, 'segment'> & { segmentId?: string | undefined };

/**
 * A page of contacts in id order, filtered; a segment filter selects who the segment's rules select at
 * `now`, and an unknown segment is refused (`InvalidInput` at `segmentId`).
 */
export async function listContacts(db: Repositories, query: ContactListQuery, now: number) {
  const { limit, cursor, segmentId, ...filter } = query;
  let segment: ContactListFilter['segment'];
  if (segmentId !== undefined) {
    const row = await db.segments.get(segmentId);
    if (!row) throw new InvalidInput('unknown_segment', `There is no segment ${segmentId}`, [{ in: 'query', path: ['segmentId'] }]);
    segment = segmentDefinitionSchema.parse({ match: row.match, rules: row.rules });
  }
  return listPage({ limit, cursor }, 'string', (page) => db.contacts.list({ ...filter, segment }, now, page), (c) => ({
    id: c.id,
    name: c.name,
    source: c.source,
    tags: c.tags,
    phone: c.phone,
    lastEventAt: c.lastEventAt === null ? null : iso(c.lastEventAt),
    journeys: c.journeys,
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
  }));
}

/** Creates or updates a contact in one transaction. */
export function upsertContact(store: Store, input: ContactUpsert, now: number) {
  return store.transaction(async (tx) => {
    const { created } = await tx.contacts.upsert(input, now);
    return { contact: await contactView(tx, input.id), created };
  });
}

/** A contact with its tags, its runs, offers, memberships, balance and standing opt-outs. */
export async function getContact(db: Repositories, id: string) {
  const contact = await contactView(db, id);
  const optOuts = (await db.consent.optOuts([id])).get(id) ?? [];
  return {
    ...contact,
    runs: await runsOfContact(db, id),
    ...(await contactButterfly(db, id)),
    consent: { optOuts: optOuts.map((o) => ({ channel: o.channel, at: new Date(o.at).toISOString(), source: o.source })) },
  };
}

/** Every step of every run of a contact, oldest first. */
export async function contactTimeline(db: Repositories, contactId: string, query: ListQuery) {
  await contactView(db, contactId);
  return listPage(query, 'number', (page) => db.contacts.timeline(contactId, page), (s) => ({
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
    reason: s.reason,
    detail: s.detail,
  }));
}
