import { boolean, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { epochMs } from './columns.ts';

/** See the SQLite `plugin_records`. */
export const pluginRecords = pgTable(
  'plugin_records',
  {
    plugin: text('plugin').notNull(),
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    value: jsonb('value').$type<Record<string, unknown>>().notNull(),
    expiresAt: epochMs('expires_at'),
    updatedAt: epochMs('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.plugin, t.kind, t.key] })],
);

/** See the SQLite `plugin_settings`. */
export const pluginSettings = pgTable(
  'plugin_settings',
  {
    plugin: text('plugin').notNull(),
    name: text('name').notNull(),
    value: text('value').notNull(),
    secret: boolean('secret').notNull(),
    updatedAt: epochMs('updated_at').notNull(),
    updatedBy: text('updated_by'),
  },
  (t) => [primaryKey({ columns: [t.plugin, t.name] })],
);
