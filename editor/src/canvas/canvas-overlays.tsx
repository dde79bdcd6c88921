import { Background, Controls, MiniMap } from '@xyflow/react';
import { useFitJourney } from './fit-view.ts';
import { STAGE_COLORS } from '../node-types/node-icon.tsx';
import type { JourneyFlowNode } from './convert.ts';
import { useEditorStore } from './store.ts';

const miniMapColor = (node: JourneyFlowNode) => {
  const stage = useEditorStore.getState().nodeTypes[node.data.nodeType]?.stage;
  return stage ? STAGE_COLORS[stage] : '#bfbfbf';
};

/**
 * What the editor and monitor canvases draw around the journey: dot grid, zoom controls (whose
 * "fit" keeps card text readable, `useFitJourney`) and minimap. Zoomed out (`useZoomedOut`) the canvas is its own overview, so the grid and the minimap
 * are left out there. A large journey has no grid at all: with software raster, redrawing the dot
 * pattern takes about half of each frame of a pan close up.
 */
export function CanvasOverlays({ zoomedOut, large }: { zoomedOut: boolean; large: boolean }) {
  const fit = useFitJourney();
  return (
    <>
      {!zoomedOut && !large && <Background gap={20} size={1} color="#d9dde3" />}
      <Controls showInteractive={false} onFitView={() => void fit({ duration: 300 })} />
      {!zoomedOut && <MiniMap<JourneyFlowNode> pannable zoomable nodeColor={miniMapColor} nodeBorderRadius={6} />}
    </>
  );
}
