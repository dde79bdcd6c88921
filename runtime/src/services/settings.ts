import type { Store, StoredWorkspaceSettings } from '@journey/db';
import { DEFAULT_WORKSPACE_SETTINGS, type WorkspaceSettings } from '@journey/nodes';
import type { Runtime } from '../runtime-contract.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function toSettingsView(stored: StoredWorkspaceSettings | undefined) {
  return { ...(stored?.settings ?? DEFAULT_WORKSPACE_SETTINGS), updatedAt: iso(stored?.updatedAt ?? null), updatedBy: stored?.updatedBy ?? null };
}

/** The workspace settings (nothing set: no workspace cap). */
export async function getWorkspaceSettings(store: Store) {
  return toSettingsView(await store.settings.get());
}

/** Replaces the workspace settings; the steps of this process read them at once, other processes within a second. */
export async function putWorkspaceSettings(store: Store, runtime: Runtime, settings: WorkspaceSettings, by: string | null, now: number) {
  const stored = await store.settings.put(settings, by, now);
  runtime.workspaceSettings.invalidate();
  return toSettingsView(stored);
}
