import { getViewportForBounds, useReactFlow, useStoreApi, type XYPosition } from '@xyflow/react';
import { useCallback, useMemo } from 'react';
import { portsOfNode, type JourneyFlowEdge, type JourneyFlowNode } from './convert.ts';
import { parseClipboard } from './graph-edits.ts';
import { useEditorStore } from './store.ts';

/** Where copied nodes are kept, so they can be pasted into another journey (or another tab). */
export const CLIPBOARD_KEY = 'journey.clipboard';
const FIT_VIEW = { padding: 0.2, maxZoom: 1, duration: 300 } as const;
/** How far a paste lands from the copied nodes, so the copy does not hide the original. */
const PASTE_OFFSET = { x: 40, y: 40 };

/** The rectangle around nodes at `positions`, with their cards' sizes. */
function layoutBounds(nodes: readonly JourneyFlowNode[], positions: Record<string, XYPosition>) {
  let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const node of nodes) {
    const at = positions[node.id] ?? node.position;
    x1 = Math.min(x1, at.x);
    y1 = Math.min(y1, at.y);
    x2 = Math.max(x2, at.x + (node.width ?? 0));
    y2 = Math.max(y2, at.y + (node.height ?? 0));
  }
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

/**
 * Canvas commands that need the React Flow view as well as the store: copy, paste, auto-layout and
 * zoom-to-fit. Used by the top bar, the keyboard shortcuts and the canvas.
 */
export function useCanvasCommands() {
  const flow = useReactFlow<JourneyFlowNode, JourneyFlowEdge>();
  const flowStore = useStoreApi<JourneyFlowNode, JourneyFlowEdge>();

  const fitView = useCallback(() => void flow.fitView(FIT_VIEW), [flow]);

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

  /** Lays the journey out left to right (one undo step) and fits it into view. */
  const autoLayout = useCallback(async () => {
    const { nodes, edges, nodeTypes, moveNodes } = useEditorStore.getState();
    if (nodes.length === 0) return;
    // ELK is large; it is loaded the first time a journey is laid out, not with the editor.
    const { layoutPositions } = await import('./auto-layout.ts');
    const portOrder = (node: JourneyFlowNode) => portsOfNode(node.data.nodeType, node.data.config, nodeTypes);
    const positions = await layoutPositions(nodes, edges, portOrder);
    moveNodes(positions);
    // Fit the laid-out positions directly (React Flow has not drawn them yet), without animation, so
    // the view is at rest when this resolves.
    const { width, height, minZoom } = flowStore.getState();
    const viewport = getViewportForBounds(layoutBounds(nodes, positions), width, height, minZoom, FIT_VIEW.maxZoom, FIT_VIEW.padding);
    await flow.setViewport(viewport);
  }, [flow, flowStore]);

  return useMemo(() => ({ copy, paste, autoLayout, fitView }), [copy, paste, autoLayout, fitView]);
}
