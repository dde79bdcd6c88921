import { useEffect } from 'react';
import { create } from 'zustand';
import { api, ApiError } from '../api/client.ts';
import { currentGraph, useEditorStore } from '../canvas/store.ts';

/** How long the canvas must stay still before a change is saved on its own. */
export const AUTOSAVE_DELAY_MS = 1200;

/**
 * Where the draft stands: everything saved, a save under way, changes waiting to be saved, someone
 * else saved in between (`conflict`, autosave stops until the marketer chooses), or the last save failed.
 */
export type SaveStatus = 'saved' | 'saving' | 'unsaved' | 'conflict' | 'failed';

interface SaveState {
  status: SaveStatus;
  /** The error of the last failed save, for the toast. */
  error: unknown;
}

/** The draft's save status, for the top bar's indicator. */
export const useSaveStatus = create<SaveState>()(() => ({ status: 'saved', error: null }));

let inFlight: Promise<boolean> | null = null;

/**
 * Saves the open journey's draft now (waiting for a save under way first, so two saves never race
 * with the same revision). Resolves false when the name is empty, on a conflict or on a failure;
 * the status says which.
 *
 * @param overwrite take the server's current revision first, so this save replaces a conflicting one
 */
export async function saveDraft({ overwrite = false } = {}): Promise<boolean> {
  while (inFlight) await inFlight;
  const { journey, name, settings, edits, dirty } = useEditorStore.getState();
  if (!journey || !name.trim()) return false;
  if (!dirty && !overwrite) return true;
  inFlight = (async () => {
    useSaveStatus.setState({ status: 'saving', error: null });
    try {
      const revision = overwrite ? (await api.getJourney(journey.id)).revision : journey.revision;
      const updated = await api.saveJourney(journey.id, {
        name: name.trim(),
        graph: currentGraph(),
        settings,
        ...(revision !== undefined ? { revision } : {}),
      });
      useEditorStore.getState().saved(updated, edits);
      useSaveStatus.setState({ status: useEditorStore.getState().dirty ? 'unsaved' : 'saved' });
      return true;
    } catch (error) {
      const conflict = error instanceof ApiError && error.status === 409;
      useSaveStatus.setState({ status: conflict ? 'conflict' : 'failed', error });
      return false;
    } finally {
      inFlight = null;
    }
  })();
  return inFlight;
}

/**
 * Saves the draft a moment after each edit (debounced), while the editor is open. After a conflict
 * it waits for the marketer to reload or overwrite.
 */
export function useAutosave(): void {
  useEffect(() => {
    useSaveStatus.setState({ status: 'saved', error: null });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = useEditorStore.subscribe((state, previous) => {
      if (state.edits === previous.edits || !state.dirty) return;
      if (useSaveStatus.getState().status === 'conflict') return;
      if (useSaveStatus.getState().status !== 'saving') useSaveStatus.setState({ status: 'unsaved' });
      clearTimeout(timer);
      timer = setTimeout(() => void saveDraft(), AUTOSAVE_DELAY_MS);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, []);
}
