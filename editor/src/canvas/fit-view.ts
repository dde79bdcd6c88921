import { getNodesBounds, getViewportForBounds, useReactFlow, useStoreApi, type Rect, type Viewport } from '@xyflow/react';
import { useCallback } from 'react';
import type { JourneyFlowEdge, JourneyFlowNode } from './convert.ts';
import { LARGE_JOURNEY } from './level-of-detail.ts';
import { useEditorStore } from './store.ts';

/**
 * The smallest zoom "fit" goes to: card text (12–13 px) is still readable, about 9 px on screen. A
 * journey too big for the view at this zoom opens at its top (where its entries are) and is scrolled.
 */
export const READABLE_ZOOM = 0.75;
/** The smallest zoom a person can zoom out to, and the one a large journey's overview may fit at. */
export const MIN_ZOOM = 0.1;
const MAX_FIT_ZOOM = 1;
const PADDING = 0.1;
/** Space above the journey when it is fitted at `READABLE_ZOOM` and does not fit, in screen pixels. */
const TOP_MARGIN = 40;

/**
 * The viewport that shows `bounds` (a journey's nodes) in a `width` × `height` canvas, never below
 * `READABLE_ZOOM`: when the whole journey would need a smaller zoom, its top is shown at that zoom,
 * centred across. A large journey (`large`, see `LARGE_JOURNEY`) is the exception: it fits whole, as
 * the overview of tinted blocks it is drawn as below `DETAIL_ZOOM`, where there is no text to read.
 *
 * @example
 * ```ts
 * fitJourneyViewport({ x: 0, y: 0, width: 600, height: 3000 }, 1200, 800, false); // { x: 375, y: 40, zoom: 0.75 }
 * ```
 */
export function fitJourneyViewport(bounds: Rect, width: number, height: number, large: boolean): Viewport {
  const fitted = getViewportForBounds(bounds, width, height, large ? MIN_ZOOM : READABLE_ZOOM, MAX_FIT_ZOOM, PADDING);
  if (large) return fitted;
  const zoom = fitted.zoom;
  const fitsDown = bounds.height * zoom <= height * (1 - PADDING);
  const fitsAcross = bounds.width * zoom <= width * (1 - PADDING);
  if (fitsDown && fitsAcross) return fitted;
  return {
    x: width / 2 - (bounds.x + bounds.width / 2) * zoom,
    y: fitsDown ? fitted.y : TOP_MARGIN - bounds.y * zoom,
    zoom,
  };
}

/** The viewport `fitJourneyViewport` gives for `nodes` (all of a journey's), or the origin at zoom 1 when there are none. */
export function fitNodesViewport(nodes: readonly JourneyFlowNode[], width: number, height: number): Viewport {
  if (nodes.length === 0) return { x: 0, y: 0, zoom: 1 };
  return fitJourneyViewport(getNodesBounds([...nodes]), width, height, nodes.length >= LARGE_JOURNEY);
}

/**
 * "Fit" for the canvas it is called under: shows the journey as `fitJourneyViewport` says, over
 * `duration` ms. Given `nodes` (e.g. at positions not yet drawn), fits those instead.
 */
export function useFitJourney() {
  const flow = useReactFlow<JourneyFlowNode, JourneyFlowEdge>();
  const flowStore = useStoreApi<JourneyFlowNode, JourneyFlowEdge>();
  return useCallback(
    async (options: { duration?: number; nodes?: readonly JourneyFlowNode[] } = {}) => {
      const { width, height } = flowStore.getState();
      const viewport = fitNodesViewport(options.nodes ?? flow.getNodes(), width, height);
      await flow.setViewport(viewport, options.duration ? { duration: options.duration } : undefined);
    },
    [flow, flowStore],
  );
}

/** How close to the canvas's edge a revealed card may be, in screen pixels. */
const REVEAL_MARGIN = 48;

/**
 * Brings a node into view when it is outside it (or too close to the edge), keeping the zoom: a node
 * added after another lands below it, often under the bottom of the canvas.
 */
export function useRevealNode() {
  const flow = useReactFlow<JourneyFlowNode, JourneyFlowEdge>();
  const flowStore = useStoreApi<JourneyFlowNode, JourneyFlowEdge>();
  return useCallback(
    (id: string) => {
      const node = useEditorStore.getState().nodes.find((n) => n.id === id);
      if (!node) return;
      const { width, height, transform } = flowStore.getState();
      const [x, y, zoom] = transform;
      const [w, h] = [node.width ?? 0, node.height ?? 0];
      const left = node.position.x * zoom + x;
      const top = node.position.y * zoom + y;
      const inside =
        left >= REVEAL_MARGIN && top >= REVEAL_MARGIN && left + w * zoom <= width - REVEAL_MARGIN && top + h * zoom <= height - REVEAL_MARGIN;
      if (!inside) void flow.setCenter(node.position.x + w / 2, node.position.y + h / 2, { zoom });
    },
    [flow, flowStore],
  );
}
