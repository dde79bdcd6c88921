import type { JourneyGraph, JourneySettings, WorkspaceSettings } from '@journey/nodes';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { JOURNEY_STATUSES, PAUSED_ENTRIES } from '../../port/model.ts';

/** A journey and its editable draft. `revision` grows on every write, for conflict checks. */
export const journeys = sqliteTable('journeys', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  status: text('status', { enum: JOURNEY_STATUSES }).notNull().default('draft'),
  graph: text('graph', { mode: 'json' }).$type<JourneyGraph>().notNull(),
  settings: text('settings', { mode: 'json' }).$type<JourneySettings>().notNull(),
  publishedVersion: integer('published_version'),
  /** While paused: whether new entries are queued (they enter on resume) or skipped; null reads as queued. */
  pausedEntries: text('paused_entries', { enum: PAUSED_ENTRIES }),
  revision: integer('revision').notNull().default(1),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** An immutable published version; runs stay on the version they entered with. */
export const journeyVersions = sqliteTable(
  'journey_versions',
  {
    journeyId: text('journey_id').notNull(),
    version: integer('version').notNull(),
    graph: text('graph', { mode: 'json' }).$type<JourneyGraph>().notNull(),
    settings: text('settings', { mode: 'json' }).$type<JourneySettings>().notNull(),
    publishedAt: integer('published_at').notNull(),
    publishedBy: text('published_by'),
    /** What the publisher wrote about this version (≤ 500 characters). */
    note: text('note'),
  },
  (t) => [primaryKey({ columns: [t.journeyId, t.version] })],
);

/**
 * Running totals per journey node: `port = ''` counts runs that entered the node, any other port
 * counts runs that left through it (the edge from that port).
 */
export const nodeCounters = sqliteTable(
  'node_counters',
  {
    journeyId: text('journey_id').notNull(),
    nodeId: text('node_id').notNull(),
    port: text('port').notNull().default(''),
    /** Always 0 here: one writer at a time needs no shards (PostgreSQL spreads a counter over several). */
    shard: integer('shard').notNull().default(0),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.journeyId, t.nodeId, t.port, t.shard] }), index('node_counters_journey').on(t.journeyId)],
);

/** The workspace's settings (frequency cap over all journeys, …): one row, `id = 'workspace'`. */
export const workspaceSettings = sqliteTable('workspace_settings', {
  id: text('id').primaryKey(),
  settings: text('settings', { mode: 'json' }).$type<WorkspaceSettings>().notNull(),
  updatedAt: integer('updated_at').notNull(),
  /** The user who saved them; null for an API key. */
  updatedBy: text('updated_by'),
});
