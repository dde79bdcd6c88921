import { Background, Controls, MiniMap, ReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import type { JourneyFlowEdge, JourneyFlowNode } from '../canvas/convert.ts';
import { edgeTypes } from '../canvas/journey-edge.tsx';
import { nodeTypes } from '../canvas/journey-node.tsx';
import { useEditorStore } from '../canvas/store.ts';
import { STAGE_COLORS } from '../node-types/node-icon.tsx';

const FIT_VIEW_OPTIONS = { maxZoom: 1, padding: 0.2 } as const;

/**
 * The journey's canvas in monitor mode: the editor's node and edge components (which then show
 * their counts), read-only — nodes can be selected, not moved, joined or deleted.
 */
export function MonitorCanvas() {
  const nodes = useEditorStore((s) => s.nodes);
  const edges = useEditorStore((s) => s.edges);
  const onNodesChange = useEditorStore((s) => s.onNodesChange);

  const miniMapColor = useCallback((node: JourneyFlowNode) => {
    const stage = useEditorStore.getState().nodeTypes[node.data.nodeType]?.stage;
    return stage ? STAGE_COLORS[stage] : '#bfbfbf';
  }, []);

  return (
    <div className="jc-canvas">
      <ReactFlow<JourneyFlowNode, JourneyFlowEdge>
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
        <Background gap={20} size={1} color="#d9dde3" />
        <Controls showInteractive={false} />
        <MiniMap<JourneyFlowNode> pannable zoomable nodeColor={miniMapColor} nodeBorderRadius={6} />
      </ReactFlow>
    </div>
  );
}
