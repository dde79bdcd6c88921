import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** A person the brand can reach; `id` is the brand's own id (unionid, phone hash, member no.). */
export const contacts = sqliteTable('contacts', {
  id: text('id').primaryKey(),
  name: text('name'),
  /**
   * The name's pinyin from each syllable on, whole and as initials (`wangxiaoming xiaoming ming wxm xm m`),
   * for the search (`nameSearchKey`); empty for a name without Chinese characters, null for no name or one
   * stored before the key was kept (`contacts_name_search_missing` finds those for the fill at start).
   */
  nameSearch: text('name_search'),
  attributes: text('attributes', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
  /** The `source` of the first entry event that enrolled the contact; never overwritten. */
  source: text('source'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [index('contacts_name_search_missing').on(t.id).where(sql`${t.name} IS NOT NULL AND ${t.nameSearch} IS NULL`)]);

/** How carriers know the contact (phone, e-mail, WeCom external_userid, WeChat openid/unionid): one value per kind. */
export const contactIdentities = sqliteTable(
  'contact_identities',
  {
    contactId: text('contact_id').notNull(),
    kind: text('kind').notNull(),
    value: text('value').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.kind] }), index('contact_identities_value').on(t.kind, t.value)],
);

export const contactTags = sqliteTable(
  'contact_tags',
  {
    contactId: text('contact_id').notNull(),
    tag: text('tag').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.tag] }), index('contact_tags_tag').on(t.tag)],
);

/** Every event received. `processedAt` is set once it has enrolled, resumed or exited runs. */
export const events = sqliteTable(
  'events',
  {
    id: text('id').primaryKey(),
    contactId: text('contact_id').notNull(),
    type: text('type').notNull(),
    properties: text('properties', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
    timestamp: integer('timestamp').notNull(),
    receivedAt: integer('received_at').notNull(),
    /** The sender's id for the event; re-sending the same id is a no-op. */
    messageId: text('message_id'),
    processedAt: integer('processed_at'),
  },
  // Partial indexes keep ingestion cheap: events without a messageId add no entry to the first, and the
  // second holds only the backlog (an entry leaves it when the event is processed), so it stays small.
  (t) => [
    uniqueIndex('events_message_id').on(t.messageId).where(sql`${t.messageId} IS NOT NULL`),
    index('events_contact').on(t.contactId, t.timestamp),
    index('events_unprocessed').on(t.id).where(sql`${t.processedAt} IS NULL`),
  ],
);

/**
 * A contact's opt-out from a channel (`*`: from every channel), from `contact.unsubscribed`; a
 * `contact.subscribed` deletes it. Marketing messages on the channel are skipped while it stands.
 */
export const contactOptOuts = sqliteTable(
  'contact_opt_outs',
  {
    contactId: text('contact_id').notNull(),
    channel: text('channel').notNull(),
    optedOutAt: integer('opted_out_at').notNull(),
    /** Where the opt-out came from: the event's `properties.source` (`sms_reply`, `wecom`, …), else `event`. */
    source: text('source').notNull(),
    eventId: text('event_id'),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.channel] })],
);
