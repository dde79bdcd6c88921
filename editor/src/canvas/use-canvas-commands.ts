import { useCallback, useMemo } from 'react';
import { useFitJourney } from './fit-view.ts';
import { parseClipboard } from './graph-edits.ts';
import { useEditorStore } from './store.ts';

/** Where copied nodes are kept, so they can be pasted into another journey (or another tab). */
export const CLIPBOARD_KEY = 'journey.clipboard';
const FIT_DURATION = 300;
/** How far a paste lands from the copied nodes, so the copy does not hide the original. */
const PASTE_OFFSET = { x: 40, y: 40 };

/**
 * Canvas commands that need the React Flow view as well as the store: copy, paste, auto-layout and
 * zoom-to-fit. Used by the top bar, the keyboard shortcuts and the canvas.
 */
export function useCanvasCommands() {
  const fit = useFitJourney();

  const fitView = useCallback(() => void fit({ duration: FIT_DURATION }), [fit]);

  /** Copies the selection to this browser's journey clipboard and, as JSON, to the system clipboard. */
  const copy = useCallback(() => {
    const payload = useEditorStore.getState().copy();
    if (!payload) return false;
    const text = JSON.stringify(payload);
    try {
      localStorage.setItem(CLIPBOARD_KEY, text);
    } catch {
      // storage full or disabled: the system clipboard below still carries the copy
    }
    navigator.clipboard?.writeText(text).catch(() => undefined);
    return true;
  }, []);

  /** Pastes `text` when it holds copied nodes, else what this browser copied last. */
  const paste = useCallback((text?: string | null) => {
    let stored: string | null;
    try {
      stored = localStorage.getItem(CLIPBOARD_KEY);
    } catch {
      stored = null;
    }
    const payload = parseClipboard(text ?? null) ?? parseClipboard(stored);
    if (!payload) return false;
    useEditorStore.getState().paste(payload, PASTE_OFFSET);
    // The next paste of the same copy lands a step further on instead of on top of this one.
    const shifted = {
      ...payload,
      nodes: payload.nodes.map((n) => ({ ...n, position: { x: n.position.x + PASTE_OFFSET.x, y: n.position.y + PASTE_OFFSET.y } })),
    };
    try {
      localStorage.setItem(CLIPBOARD_KEY, JSON.stringify(shifted));
    } catch {
      // as above
    }
    return true;
  }, []);

  /** Lays the journey out top to bottom (one undo step) and fits it into view. */
  const autoLayout = useCallback(async () => {
    const { nodes, edges, moveNodes } = useEditorStore.getState();
    if (nodes.length === 0) return;
    // ELK is large; it is loaded the first time a journey is laid out, not with the editor.
    const { layoutPositions } = await import('./auto-layout.ts');
    const positions = await layoutPositions(nodes, edges);
    moveNodes(positions);
    // Fit the laid-out positions directly (React Flow has not drawn them yet), without animation, so
    // the view is at rest when this resolves.
    await fit({ nodes: nodes.map((n) => (positions[n.id] ? { ...n, position: positions[n.id]! } : n)) });
  }, [fit]);

  return useMemo(() => ({ copy, paste, autoLayout, fitView }), [copy, paste, autoLayout, fitView]);
}
