import type { Page, PageQuery } from './paging.ts';

/** One record a plugin keeps for itself: a JSON value under (plugin, kind, key), optionally expiring. */
export interface PluginRecord {
  plugin: string;
  /** What the record is, in the plugin's words (`token`, `contact_way`, `callback`…). */
  kind: string;
  key: string;
  value: Record<string, unknown>;
  /** After this instant the record reads as absent and `insert` may take its key; null: it never expires. */
  expiresAt: number | null;
  updatedAt: number;
}

/** A record to write; `expiresAt` left out: it never expires. */
export type NewPluginRecord = Omit<PluginRecord, 'updatedAt' | 'expiresAt'> & { expiresAt?: number | null };

/**
 * What plugins keep in the store, each under its own name: tokens, carriers' ids for contacts, callbacks
 * received, tasks to follow up. `insert` takes a key only when it is free (absent or expired), so it
 * de-duplicates (a callback seen twice) and makes one-at-a-time leases across processes (a token refresh).
 *
 * @example
 * ```ts
 * if (await store.pluginRecords.insert({ plugin: 'wecom', kind: 'lock', key: 'token', value: {}, expiresAt: now + 10_000 }, now)) {
 *   // … only this process refreshes the token …
 *   await store.pluginRecords.delete('wecom', 'lock', 'token');
 * }
 * ```
 */
export interface PluginRecordRepository {
  /** The record, or undefined when there is none or it expired at or before `now`. */
  get(plugin: string, kind: string, key: string, now: number): Promise<PluginRecord | undefined>;
  /** Writes the record, replacing what the key held. */
  put(record: NewPluginRecord, now: number): Promise<void>;
  /** Writes the record only when the key is free (absent, or expired at or before `now`); false when it was taken. */
  insert(record: NewPluginRecord, now: number): Promise<boolean>;
  /** Removes the record; false when there was none. */
  delete(plugin: string, kind: string, key: string): Promise<boolean>;
  /** Removes up to `limit` records that expired at or before `now`, of every plugin; how many it removed. */
  deleteExpired(now: number, limit: number): Promise<number>;
  /** The unexpired records of one kind, by key. */
  list(plugin: string, kind: string, now: number, page: PageQuery): Promise<Page<PluginRecord>>;
}
