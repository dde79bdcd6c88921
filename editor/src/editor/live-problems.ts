import { useEffect } from 'react';
import { api } from '../api/client.ts';
import { currentGraph, useEditorStore } from '../canvas/store.ts';

/** Milliseconds after the last edit before the problems shown are checked again. */
const RECHECK_DELAY_MS = 400;

/**
 * Keeps the problems list current: once a check has shown problems, every edit (a node added,
 * deleted, connected or configured) checks the graph again a moment later and the list takes the
 * new result, until the list is closed or a check finds nothing. A result that arrives after a
 * further edit is dropped; a failed check leaves the list as it is (the problems of deleted nodes
 * are gone from it anyway).
 */
export function useLiveProblems(): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let watching = useEditorStore.getState().problems.length > 0;
    let mounted = true;
    const recheck = async () => {
      const at = useEditorStore.getState().edits;
      const result = await api.validate(currentGraph()).catch(() => undefined);
      const state = useEditorStore.getState();
      if (!mounted || !watching || !result || state.edits !== at) return;
      state.setProblems(result.problems);
    };
    const unsubscribe = useEditorStore.subscribe((state, previous) => {
      if (state.edits === previous.edits) {
        // A check (or a refused publish) shows problems; closing the list, or a clean check, ends the watch.
        if (state.problems !== previous.problems) watching = state.problems.length > 0;
        return;
      }
      // An edit may clear the last problem itself (a fixed config): the graph is checked all the same.
      if (!watching) return;
      clearTimeout(timer);
      timer = setTimeout(() => void recheck(), RECHECK_DELAY_MS);
    });
    return () => {
      mounted = false;
      clearTimeout(timer);
      unsubscribe();
    };
  }, []);
}
