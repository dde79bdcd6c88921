import { useStore, type ReactFlowState } from '@xyflow/react';
import { useEditorStore } from './store.ts';

/**
 * Below this zoom a large journey is drawn as its own overview: node cards become plain coloured
 * blocks (their contents are not rendered), edges bare lines, and the dot grid and the minimap are
 * left out. At that size text is unreadable and the grid's dots merge into noise, while — in
 * Chromium with software raster (--disable-gpu) — they, and the minimap repainting its thousand
 * rectangles, cost most of every frame of a pan over a large journey.
 */
export const DETAIL_ZOOM = 0.5;

/**
 * Journeys with fewer nodes are always drawn in full: they are cheap to draw, and a typical journey
 * opens fitted below `DETAIL_ZOOM`, where blank blocks would hide what its nodes are.
 */
export const LARGE_JOURNEY = 200;

/** The class of the `<ReactFlow>` element while zoomed out (see `.jc-compact` in styles.css). */
export const ZOOMED_OUT_CLASS = 'jc-compact';

const selectBelowDetail = (s: ReactFlowState) => s.transform[2] < DETAIL_ZOOM;

/**
 * Whether the canvas shows a large journey zoomed out below `DETAIL_ZOOM`. Only this boolean is
 * read from the viewport, so panning and zooming re-render the caller just when it flips; the cards
 * and edges then switch their level of detail without changing size, so nothing is measured again.
 */
export function useZoomedOut(): boolean {
  const large = useLargeJourney();
  const belowDetail = useStore(selectBelowDetail);
  return large && belowDetail;
}

/** Whether the open journey has `LARGE_JOURNEY` nodes or more. */
export function useLargeJourney(): boolean {
  return useEditorStore((s) => s.nodes.length >= LARGE_JOURNEY);
}
