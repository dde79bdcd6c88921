import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** What plugins keep for themselves (`store.pluginRecords`): a JSON value per (plugin, kind, key), optionally expiring. */
export const pluginRecords = sqliteTable(
  'plugin_records',
  {
    plugin: text('plugin').notNull(),
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    value: text('value', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    expiresAt: integer('expires_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.plugin, t.kind, t.key] })],
);

/**
 * The plugins' settings set on the integrations page (`store.pluginSettings`): one variable per
 * (plugin, name); a secret's value is sealed by the runtime before it gets here.
 */
export const pluginSettings = sqliteTable(
  'plugin_settings',
  {
    plugin: text('plugin').notNull(),
    name: text('name').notNull(),
    value: text('value').notNull(),
    secret: integer('secret', { mode: 'boolean' }).notNull(),
    updatedAt: integer('updated_at').notNull(),
    updatedBy: text('updated_by'),
  },
  (t) => [primaryKey({ columns: [t.plugin, t.name] })],
);
