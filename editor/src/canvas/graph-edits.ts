import type { GraphEdge, GraphNode } from '@journey/nodes';
import { flowToGraph, nextId, portsOfNode, toFlowNode, type JourneyFlowEdge, type JourneyFlowNode, type NodeLibrary } from './convert.ts';

/** What the editor copies: the selected nodes and the edges between them, as stored-graph JSON. */
export interface ClipboardPayload {
  kind: 'journey-nodes';
  version: 1;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/**
 * The selected nodes and the edges joining two of them, as a clipboard payload; `null` when
 * nothing is selected.
 */
export function copySelection(nodes: readonly JourneyFlowNode[], edges: readonly JourneyFlowEdge[]): ClipboardPayload | null {
  const picked = nodes.filter((n) => n.selected);
  if (picked.length === 0) return null;
  const ids = new Set(picked.map((n) => n.id));
  const graph = flowToGraph(
    picked,
    edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
  );
  return { kind: 'journey-nodes', version: 1, nodes: graph.nodes, edges: graph.edges };
}

/** The clipboard payload in `text`, or `null` when the text is anything else. */
export function parseClipboard(text: string | null): ClipboardPayload | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<ClipboardPayload>;
    return value.kind === 'journey-nodes' && Array.isArray(value.nodes) && Array.isArray(value.edges)
      ? (value as ClipboardPayload)
      : null;
  } catch {
    return null;
  }
}

/**
 * The payload's nodes and edges under fresh ids, moved by `offset` and selected, ready to add to a
 * canvas that already has `nodes` and `edges`. Edges whose ends were not copied are dropped.
 */
export function pasteNodes(
  payload: ClipboardPayload,
  nodes: readonly JourneyFlowNode[],
  edges: readonly JourneyFlowEdge[],
  offset: { x: number; y: number },
  library: NodeLibrary,
): { nodes: JourneyFlowNode[]; edges: JourneyFlowEdge[] } {
  const nodeIds = nodes.map((n) => n.id);
  const renamed = new Map<string, string>();
  const pasted = payload.nodes.map((node): JourneyFlowNode => {
    const id = nextId('n', nodeIds);
    nodeIds.push(id);
    renamed.set(node.id, id);
    const position = { x: node.position.x + offset.x, y: node.position.y + offset.y };
    return { ...toFlowNode({ ...node, id, position, config: structuredClone(node.config ?? {}) }, library), selected: true };
  });
  const edgeIds = edges.map((e) => e.id);
  const pastedEdges = payload.edges.flatMap((edge): JourneyFlowEdge[] => {
    const source = renamed.get(edge.source);
    const target = renamed.get(edge.target);
    if (!source || !target) return [];
    const id = nextId('e', edgeIds);
    edgeIds.push(id);
    return [{ id, type: 'journey', source, sourceHandle: edge.sourceHandle ?? 'out', target }];
  });
  return { nodes: pasted, edges: pastedEdges };
}

/**
 * The edges after `nodeId` is dropped onto `edgeId` (A → B): A's port now leads to the node, and the
 * node's first free output port leads to B. `null` when the node cannot go there: it is an entry, an
 * end of the edge, already has an incoming edge, or has no free output port.
 *
 * @example
 * ```ts
 * insertIntoEdge(nodes, edges, 'e1', 'n9', library); // e1 = n1 → n9, new e2 = n9 → n2
 * ```
 */
export function insertIntoEdge(
  nodes: readonly JourneyFlowNode[],
  edges: readonly JourneyFlowEdge[],
  edgeId: string,
  nodeId: string,
  library: NodeLibrary,
): JourneyFlowEdge[] | null {
  const edge = edges.find((e) => e.id === edgeId);
  const node = nodes.find((n) => n.id === nodeId);
  if (!edge || !node || node.type === 'entry' || edge.source === nodeId || edge.target === nodeId) return null;
  if (edges.some((e) => e.target === nodeId)) return null;
  const port = portsOfNode(node.data.nodeType, node.data.config, library).find((p) => !edges.some((e) => e.source === nodeId && e.sourceHandle === p));
  if (!port) return null;
  const onward: JourneyFlowEdge = {
    id: nextId('e', edges.map((e) => e.id)),
    type: 'journey',
    source: nodeId,
    sourceHandle: port,
    target: edge.target,
  };
  return [...edges.map((e) => (e.id === edgeId ? { ...e, target: nodeId } : e)), onward];
}
