import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { epochMs } from './columns.ts';

/** See the SQLite `contacts` (db/src/schema/contacts.ts): the same table, column for column. */
export const contacts = pgTable('contacts', {
  id: text('id').primaryKey(),
  name: text('name'),
  nameSearch: text('name_search'),
  attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
  source: text('source'),
  createdAt: epochMs('created_at').notNull(),
  updatedAt: epochMs('updated_at').notNull(),
}, (t) => [index('contacts_name_search_missing').on(t.id).where(sql`${t.name} IS NOT NULL AND ${t.nameSearch} IS NULL`)]);

export const contactIdentities = pgTable(
  'contact_identities',
  {
    contactId: text('contact_id').notNull(),
    kind: text('kind').notNull(),
    value: text('value').notNull(),
    updatedAt: epochMs('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.kind] }), index('contact_identities_value').on(t.kind, t.value)],
);

export const contactTags = pgTable(
  'contact_tags',
  {
    contactId: text('contact_id').notNull(),
    tag: text('tag').notNull(),
    createdAt: epochMs('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.tag] }), index('contact_tags_tag').on(t.tag)],
);

export const events = pgTable(
  'events',
  {
    id: text('id').primaryKey(),
    contactId: text('contact_id').notNull(),
    type: text('type').notNull(),
    properties: jsonb('properties').$type<Record<string, unknown>>().notNull().default({}),
    timestamp: epochMs('timestamp').notNull(),
    receivedAt: epochMs('received_at').notNull(),
    messageId: text('message_id'),
    processedAt: epochMs('processed_at'),
  },
  // As in SQLite: `ON CONFLICT (message_id) WHERE message_id IS NOT NULL` infers the first; the second
  // holds only the backlog, which the event processor reads in id order.
  (t) => [
    uniqueIndex('events_message_id').on(t.messageId).where(sql`${t.messageId} IS NOT NULL`),
    index('events_contact').on(t.contactId, t.timestamp),
    index('events_unprocessed').on(t.id).where(sql`${t.processedAt} IS NULL`),
  ],
);

/** See the SQLite `contact_opt_outs`. */
export const contactOptOuts = pgTable(
  'contact_opt_outs',
  {
    contactId: text('contact_id').notNull(),
    channel: text('channel').notNull(),
    optedOutAt: epochMs('opted_out_at').notNull(),
    source: text('source').notNull(),
    eventId: text('event_id'),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.channel] })],
);
