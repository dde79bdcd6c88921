import type { XYPosition } from '@xyflow/react';
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
  const port = freePort(node, edges, library);
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

/** The vertical gap between a card and the one added under it, in flow pixels. */
export const ADD_GAP = 80;

/**
 * Where a card of `width` goes when it is added after `source`'s `port`: under that port's handle,
 * one gap below the card.
 *
 * @example
 * ```ts
 * placeAfter(condition, 'no', 220, library); // centred under the "no" handle
 * ```
 */
export function placeAfter(source: JourneyFlowNode, port: string, width: number, library: NodeLibrary): { x: number; y: number } {
  const ports = portsOfNode(source.data.nodeType, source.data.config, library);
  const index = Math.max(0, ports.indexOf(port));
  const handle = source.handles?.find((h) => h.type === 'source' && h.id === port);
  const centre = handle ? handle.x + (handle.width ?? 0) / 2 : ((index + 0.5) * (source.width ?? 0)) / Math.max(1, ports.length);
  return { x: Math.round(source.position.x + centre - width / 2), y: Math.round(source.position.y + (source.height ?? 0) + ADD_GAP) };
}

/**
 * `at`, or the nearest spot to its right where a `width` × `height` card overlaps none of `nodes`
 * (with a margin), so a branch added beside another does not land on it.
 */
export function clearSpot(at: XYPosition, width: number, height: number, nodes: readonly JourneyFlowNode[]): XYPosition {
  const margin = 30;
  const overlaps = (x: number) =>
    nodes.some(
      (n) =>
        x < n.position.x + (n.width ?? 0) + margin &&
        n.position.x < x + width + margin &&
        at.y < n.position.y + (n.height ?? 0) + margin &&
        n.position.y < at.y + height + margin,
    );
  let x = at.x;
  for (let i = 0; i < nodes.length && overlaps(x); i++) {
    const blocking = nodes.filter((n) => x < n.position.x + (n.width ?? 0) + margin && n.position.x < x + width + margin);
    x = Math.max(...blocking.map((n) => n.position.x + (n.width ?? 0) + margin));
  }
  return { x, y: at.y };
}

/** The first output port of `nodeId` without an edge, or `undefined` when all are taken (or it has none). */
export function freePort(node: JourneyFlowNode, edges: readonly JourneyFlowEdge[], library: NodeLibrary): string | undefined {
  return portsOfNode(node.data.nodeType, node.data.config, library).find((p) => !edges.some((e) => e.source === node.id && e.sourceHandle === p));
}

/**
 * The ids of the nodes downstream of `nodeId` (it excluded), following edges; each once, so a loop
 * back up the journey ends the walk.
 */
export function downstreamOf(nodeId: string, edges: readonly JourneyFlowEdge[]): Set<string> {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  const seen = new Set<string>();
  const queue = [...(next.get(nodeId) ?? [])];
  while (queue.length) {
    const id = queue.shift()!;
    if (id === nodeId || seen.has(id)) continue;
    seen.add(id);
    queue.push(...(next.get(id) ?? []));
  }
  return seen;
}

/**
 * The edges left when the nodes in `removed` are deleted, a deleted node that had one way on
 * reconnected: what led into it now leads to the node after it (A → X → B becomes A → B). A node
 * with several ways on (a condition) is not bridged — which branch would it keep? A run of deleted
 * nodes in a chain is bridged end to end.
 *
 * @example
 * ```ts
 * removeAndReconnect(edges, new Set(['n2'])); // e1 n1 → n2 and e2 n2 → n3 become e1 n1 → n3
 * ```
 */
export function removeAndReconnect(edges: readonly JourneyFlowEdge[], removed: ReadonlySet<string>): JourneyFlowEdge[] {
  /** Where a contact arriving at `id` goes next once the deleted nodes are gone, or `null` for nowhere. */
  const onward = (id: string, seen = new Set<string>()): string | null => {
    if (!removed.has(id)) return id;
    if (seen.has(id)) return null;
    seen.add(id);
    const out = edges.filter((e) => e.source === id);
    return out.length === 1 ? onward(out[0]!.target, seen) : null;
  };
  return edges.flatMap((edge) => {
    if (removed.has(edge.source)) return [];
    if (!removed.has(edge.target)) return [edge];
    const target = onward(edge.target);
    return target === null || target === edge.source ? [] : [{ ...edge, target }];
  });
}
