import type { JourneyGraph, JourneySettings, WorkspaceSettings } from '@journey/nodes';
import { bigint, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { JOURNEY_STATUSES, PAUSED_ENTRIES } from '../../port/model.ts';
import { epochMs } from './columns.ts';

/** See the SQLite `journeys` (db/src/schema/journeys.ts): the same table, column for column. */
export const journeys = pgTable('journeys', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  status: text('status', { enum: JOURNEY_STATUSES }).notNull().default('draft'),
  graph: jsonb('graph').$type<JourneyGraph>().notNull(),
  settings: jsonb('settings').$type<JourneySettings>().notNull(),
  publishedVersion: integer('published_version'),
  pausedEntries: text('paused_entries', { enum: PAUSED_ENTRIES }),
  revision: integer('revision').notNull().default(1),
  createdAt: epochMs('created_at').notNull(),
  updatedAt: epochMs('updated_at').notNull(),
});

export const journeyVersions = pgTable(
  'journey_versions',
  {
    journeyId: text('journey_id').notNull(),
    version: integer('version').notNull(),
    graph: jsonb('graph').$type<JourneyGraph>().notNull(),
    settings: jsonb('settings').$type<JourneySettings>().notNull(),
    publishedAt: epochMs('published_at').notNull(),
    publishedBy: text('published_by'),
    /** What the publisher wrote about this version (≤ 500 characters). */
    note: text('note'),
  },
  (t) => [primaryKey({ columns: [t.journeyId, t.version] })],
);

export const nodeCounters = pgTable(
  'node_counters',
  {
    journeyId: text('journey_id').notNull(),
    nodeId: text('node_id').notNull(),
    port: text('port').notNull().default(''),
    /**
     * A node's count is the sum of its shards: each commit adds to one shard picked at random, so workers
     * committing at once do not all wait for one row's lock (every run passes the entry node).
     */
    shard: integer('shard').notNull().default(0),
    /** Every run that ever passed the node: bigint, it only grows. */
    count: bigint('count', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.journeyId, t.nodeId, t.port, t.shard] }), index('node_counters_journey').on(t.journeyId)],
);

/** See the SQLite `workspace_settings`. */
export const workspaceSettings = pgTable('workspace_settings', {
  id: text('id').primaryKey(),
  settings: jsonb('settings').$type<WorkspaceSettings>().notNull(),
  updatedAt: epochMs('updated_at').notNull(),
  updatedBy: text('updated_by'),
});
