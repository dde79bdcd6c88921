import { useReactFlow, type IsValidConnection, type OnConnectEnd, type OnNodeDrag } from '@xyflow/react';
import { useCallback, useMemo, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/i18n.ts';
import type { JourneyFlowEdge, JourneyFlowNode } from './convert.ts';
import { JourneyFlow } from './journey-flow.tsx';
import { useNodePicker } from './node-picker-store.ts';
import { canConnect, useEditorStore } from './store.ts';

/** The drag-and-drop data type that carries a node library type from the palette to the canvas. */
export const NODE_DRAG_TYPE = 'application/x-journey-node-type';

/** Shift adds to the selection, as in most drawing tools; Ctrl (⌘) too, React Flow's own habit. */
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];
const DEFAULT_EDGE_OPTIONS = { type: 'journey' } as const;
const SNAP_GRID: [number, number] = [10, 10];
/** Drop point → node's top-left corner, so the card lands under the pointer rather than beside it. */
const DROP_OFFSET = { x: 110, y: 30 };

const isValidConnection: IsValidConnection<JourneyFlowEdge> = (connection) =>
  canConnect(useEditorStore.getState().edges, connection);

/** The id of the edge drawn under a screen point, if any (its wide invisible hit path counts). */
function edgeAt(clientX: number, clientY: number): string | undefined {
  for (const element of document.elementsFromPoint(clientX, clientY)) {
    const edge = element.closest('.react-flow__edge');
    const id = edge?.getAttribute('data-id');
    if (id) return id;
  }
  return undefined;
}

/** Dropping a node that is not yet connected onto an edge puts it between the edge's ends. */
const insertOnDragStop: OnNodeDrag<JourneyFlowNode> = (event, node, dragged) => {
  if (dragged.length !== 1 || !('clientX' in event)) return;
  const edgeId = edgeAt(event.clientX, event.clientY);
  if (edgeId) useEditorStore.getState().insertIntoEdge(edgeId, node.id);
};

/**
 * The journey canvas: nodes and edges from the editor store, drop target of the palette; a connection
 * let go in empty space opens the node picker there.
 */
export function JourneyCanvas() {
  const { t } = useTranslation();
  const locale = useLocale();
  const empty = useEditorStore((s) => s.nodes.length === 0);
  const onEdgesChange = useEditorStore((s) => s.onEdgesChange);
  const connect = useEditorStore((s) => s.connect);
  const addNode = useEditorStore((s) => s.addNode);
  const { screenToFlowPosition } = useReactFlow<JourneyFlowNode, JourneyFlowEdge>();

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
      const edgeId = edgeAt(event.clientX, event.clientY);
      const id = addNode(nodeType, { x: point.x - DROP_OFFSET.x, y: point.y - DROP_OFFSET.y }, locale);
      if (id && edgeId) useEditorStore.getState().insertIntoEdge(edgeId, id);
    },
    [screenToFlowPosition, addNode, locale],
  );

  // A connection dragged from an output port and let go over empty canvas: pick the node to put there.
  const onConnectEnd = useCallback<OnConnectEnd>(
    (event, state) => {
      if (state.isValid || !state.fromNode || state.fromHandle?.type !== 'source' || !state.fromHandle.id) return;
      const { clientX, clientY } = 'changedTouches' in event ? event.changedTouches[0]! : event;
      // Over the canvas itself: not over a card, the controls or the minimap.
      const under = document.elementFromPoint(clientX, clientY);
      if (!under?.closest('.react-flow') || under.closest('.react-flow__node, .react-flow__panel')) return;
      const at = screenToFlowPosition({ x: clientX, y: clientY });
      useNodePicker.getState().show({ nodeId: state.fromNode.id, port: state.fromHandle.id, at }, { x: clientX, y: clientY });
    },
    [screenToFlowPosition],
  );

  const container = useMemo(() => ({ onDragOver, onDrop }), [onDragOver, onDrop]);
  return (
    <JourneyFlow
      container={container}
      defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
      onEdgesChange={onEdgesChange}
      onConnect={connect}
      onConnectEnd={onConnectEnd}
      isValidConnection={isValidConnection}
      onNodeDragStop={insertOnDragStop}
      deleteKeyCode={null}
      multiSelectionKeyCode={MULTI_SELECT_KEYS}
      snapToGrid
      snapGrid={SNAP_GRID}
    >
      {empty && <div className="jc-empty">{t('editor.emptyCanvas')}</div>}
    </JourneyFlow>
  );
}
