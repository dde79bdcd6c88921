import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type IsValidConnection,
} from '@xyflow/react';
import { useCallback, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/i18n.ts';
import { STAGE_COLORS } from '../node-types/node-icon.tsx';
import type { JourneyFlowEdge, JourneyFlowNode } from './convert.ts';
import { edgeTypes } from './journey-edge.tsx';
import { nodeTypes } from './journey-node.tsx';
import { canConnect, useEditorStore } from './store.ts';

/** The drag-and-drop data type that carries a node library type from the palette to the canvas. */
export const NODE_DRAG_TYPE = 'application/x-journey-node-type';

const DELETE_KEYS = ['Backspace', 'Delete'];
const DEFAULT_EDGE_OPTIONS = { type: 'journey' } as const;
const FIT_VIEW_OPTIONS = { maxZoom: 1, padding: 0.2 } as const;
/** Drop point → node's top-left corner, so the card lands under the pointer rather than beside it. */
const DROP_OFFSET = { x: 110, y: 30 };

const isValidConnection: IsValidConnection<JourneyFlowEdge> = (connection) =>
  canConnect(useEditorStore.getState().edges, connection);

/** The journey canvas: nodes and edges from the editor store, drop target of the palette. */
export function JourneyCanvas() {
  const { t } = useTranslation();
  const locale = useLocale();
  const nodes = useEditorStore((s) => s.nodes);
  const edges = useEditorStore((s) => s.edges);
  const onNodesChange = useEditorStore((s) => s.onNodesChange);
  const onEdgesChange = useEditorStore((s) => s.onEdgesChange);
  const connect = useEditorStore((s) => s.connect);
  const addNode = useEditorStore((s) => s.addNode);
  const { screenToFlowPosition } = useReactFlow<JourneyFlowNode, JourneyFlowEdge>();
  // React Flow fits the view when the first nodes appear; on an empty journey that would be the first
  // dropped node, which would then jump away from the pointer.
  const [fitOnOpen] = useState(() => nodes.length > 0);

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(NODE_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const nodeType = event.dataTransfer.getData(NODE_DRAG_TYPE);
      if (!nodeType) return;
      event.preventDefault();
      const point = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      addNode(nodeType, { x: point.x - DROP_OFFSET.x, y: point.y - DROP_OFFSET.y }, locale);
    },
    [screenToFlowPosition, addNode, locale],
  );

  const miniMapColor = useCallback((node: JourneyFlowNode) => {
    const stage = useEditorStore.getState().nodeTypes[node.data.nodeType]?.stage;
    return stage ? STAGE_COLORS[stage] : '#bfbfbf';
  }, []);

  return (
    <div className="jc-canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<JourneyFlowNode, JourneyFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={connect}
        isValidConnection={isValidConnection}
        deleteKeyCode={DELETE_KEYS}
        fitView={fitOnOpen}
        fitViewOptions={FIT_VIEW_OPTIONS}
        minZoom={0.1}
        snapToGrid
        snapGrid={[10, 10]}
      >
        <Background gap={20} size={1} color="#d9dde3" />
        <Controls showInteractive={false} />
        <MiniMap<JourneyFlowNode> pannable zoomable nodeColor={miniMapColor} nodeBorderRadius={6} />
      </ReactFlow>
      {nodes.length === 0 && <div className="jc-empty">{t('editor.emptyCanvas')}</div>}
    </div>
  );
}
