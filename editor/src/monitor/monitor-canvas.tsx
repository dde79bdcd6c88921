import { ReactFlow } from '@xyflow/react';
import { CanvasOverlays } from '../canvas/canvas-overlays.tsx';
import type { JourneyFlowEdge, JourneyFlowNode } from '../canvas/convert.ts';
import { edgeTypes } from '../canvas/journey-edge.tsx';
import { nodeTypes } from '../canvas/journey-node.tsx';
import { ZOOMED_OUT_CLASS, useZoomedOut } from '../canvas/level-of-detail.ts';
import { useEditorStore } from '../canvas/store.ts';

const FIT_VIEW_OPTIONS = { maxZoom: 1, padding: 0.2 } as const;

/**
 * The journey's canvas in monitor mode: the editor's node and edge components (which then show
 * their counts), read-only — nodes can be selected, not moved, joined or deleted.
 */
export function MonitorCanvas() {
  const nodes = useEditorStore((s) => s.nodes);
  const edges = useEditorStore((s) => s.edges);
  const onNodesChange = useEditorStore((s) => s.onNodesChange);
  const zoomedOut = useZoomedOut();

  return (
    <div className="jc-canvas">
      <ReactFlow<JourneyFlowNode, JourneyFlowEdge>
        className={zoomedOut ? ZOOMED_OUT_CLASS : undefined}
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        deleteKeyCode={null}
        fitView
        fitViewOptions={FIT_VIEW_OPTIONS}
        minZoom={0.1}
      >
        <CanvasOverlays zoomedOut={zoomedOut} />
      </ReactFlow>
    </div>
  );
}
