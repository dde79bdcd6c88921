import { ReactFlow, useStoreApi, type ReactFlowProps, type Viewport } from '@xyflow/react';
import { useLayoutEffect, useMemo, useRef, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/i18n.ts';
import { usePlanNames } from '../forms/use-plans.ts';
import { CanvasOverlays } from './canvas-overlays.tsx';
import { CanvasViewContext, type NodeMark } from './canvas-view.ts';
import type { JourneyFlowEdge, JourneyFlowNode } from './convert.ts';
import { EdgeOverview } from './edge-overview.tsx';
import { fitNodesViewport, MIN_ZOOM } from './fit-view.ts';
import { edgeTypes } from './journey-edge.tsx';
import { nodeTypes } from './journey-node.tsx';
import { ZOOMED_OUT_CLASS, useLargeJourney, useZoomedOut } from './level-of-detail.ts';
import { useEditorStore } from './store.ts';

const NO_EDGES: JourneyFlowEdge[] = [];

/** Props of `JourneyFlow`: React Flow's, less those it sets itself. */
export type JourneyFlowProps = Omit<
  ReactFlowProps<JourneyFlowNode, JourneyFlowEdge>,
  'nodes' | 'edges' | 'nodeTypes' | 'edgeTypes' | 'onNodesChange' | 'className' | 'defaultViewport' | 'fitView' | 'minZoom'
> & {
  monitor?: boolean;
  /** A published version or the monitor: nothing to add or edit. */
  readOnly?: boolean;
  /** Cards to mark (a version compared with another). */
  marks?: Readonly<Record<string, NodeMark>>;
  /** Props of the element around the canvas (drop target handlers…). */
  container?: HTMLAttributes<HTMLDivElement>;
};

/**
 * The journey on a React Flow canvas, shared by the editor and the monitor: nodes and edges from the
 * editor store, the card and edge components, level of detail, grid, controls and minimap.
 *
 * Built for journeys of a thousand nodes: cards carry their size and handles (`cardGeometry`), and
 * the first render already happens at the zoom that fits the journey — the canvas is measured before
 * React Flow mounts — so every card and edge is drawn once, at its final level of detail. It opens
 * fitted, never below the zoom where card text is readable (`fitJourneyViewport`), except a large
 * journey, which opens as an overview with every card in view. A large journey renders only the cards
 * in view, so zooming in past `DETAIL_ZOOM` details a few dozen cards rather than a thousand.
 */
export function JourneyFlow({ monitor = false, readOnly = monitor, marks, container, children, ...props }: JourneyFlowProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const nodes = useEditorStore((s) => s.nodes);
  const edges = useEditorStore((s) => s.edges);
  const library = useEditorStore((s) => s.nodeTypes);
  const planNames = usePlanNames();
  const onNodesChange = useEditorStore((s) => s.onNodesChange);
  const flowStore = useStoreApi<JourneyFlowNode, JourneyFlowEdge>();
  const element = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState<Viewport | null>(null);
  const large = useLargeJourney();
  const zoomedOut = useZoomedOut();

  useLayoutEffect(() => {
    const { width, height } = element.current!.getBoundingClientRect();
    const fitted = fitNodesViewport(useEditorStore.getState().nodes, width, height);
    // React Flow applies `defaultViewport` only after its first render; seeded here, that render
    // (and the level of detail it picks) already uses it.
    flowStore.setState({ transform: [fitted.x, fitted.y, fitted.zoom] });
    setViewport(fitted);
  }, [flowStore]);

  const editable = !readOnly;
  const view = useMemo(
    () => ({ locale, t, library, planNames, zoomedOut, monitor, editable, marks }),
    [locale, t, library, planNames, zoomedOut, monitor, editable, marks],
  );
  return (
    <div className="jc-canvas" ref={element} {...container}>
      {viewport && (
        <CanvasViewContext.Provider value={view}>
          <ReactFlow<JourneyFlowNode, JourneyFlowEdge>
            className={zoomedOut ? ZOOMED_OUT_CLASS : undefined}
            nodes={nodes}
            // Zoomed out, a large journey's edges are drawn by EdgeOverview instead.
            edges={zoomedOut ? NO_EDGES : edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            onNodesChange={onNodesChange}
            defaultViewport={viewport}
            minZoom={MIN_ZOOM}
            onlyRenderVisibleElements={large}
            {...props}
          >
            {zoomedOut && <EdgeOverview />}
            <CanvasOverlays zoomedOut={zoomedOut} large={large} />
            {children}
          </ReactFlow>
        </CanvasViewContext.Provider>
      )}
    </div>
  );
}
