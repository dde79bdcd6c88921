import type { WorkspaceSettings } from '@journey/nodes';

/** The workspace's settings as stored, with who saved them last and when. */
export interface StoredWorkspaceSettings {
  settings: WorkspaceSettings;
  updatedAt: number;
  /** The user who saved them; null for an API key. */
  updatedBy: string | null;
}

/**
 * The workspace's settings (one record for the whole workspace).
 *
 * @example
 * ```ts
 * await store.settings.put({ frequencyCap: { rules: [{ channels: [], max: 3, perHours: 24 }] } }, userId, now);
 * (await store.settings.get())?.settings.frequencyCap.rules.length; // 1
 * ```
 */
export interface SettingsRepository {
  /** The saved settings; undefined while nobody has saved any. */
  get(): Promise<StoredWorkspaceSettings | undefined>;
  /** Replaces the settings whole. */
  put(settings: WorkspaceSettings, updatedBy: string | null, now: number): Promise<StoredWorkspaceSettings>;
}
