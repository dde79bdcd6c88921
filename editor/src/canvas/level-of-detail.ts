import { useStore, type ReactFlowState } from '@xyflow/react';

/**
 * Below this zoom the canvas is drawn as its own overview: node cards become plain coloured blocks
 * (no icon, text or port labels), edge labels, the dot grid and the minimap are left out. At that
 * size text is unreadable and the grid's dots merge into noise, while — in Chromium with software
 * raster (--disable-gpu) — they, and the minimap repainting its thousand rectangles, cost most of
 * every frame of a pan over a large journey.
 */
export const DETAIL_ZOOM = 0.5;

/** The class of the `<ReactFlow>` element while zoomed out (see `.jc-compact` in styles.css). */
export const ZOOMED_OUT_CLASS = 'jc-compact';

const selectZoomedOut = (s: ReactFlowState) => s.transform[2] < DETAIL_ZOOM;

/**
 * Whether the canvas is zoomed out below `DETAIL_ZOOM`. Only this boolean is read from the
 * viewport, so panning and zooming re-render the caller just when the zoom crosses the threshold;
 * the cards then change by CSS alone — no node re-renders, no card changes size, nothing is measured again.
 */
export function useZoomedOut(): boolean {
  return useStore(selectZoomedOut);
}
