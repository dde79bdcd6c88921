import type { Edge, Node, XYPosition } from '@xyflow/react';
import { portsOf, type JourneyGraph, type JourneyGraphInput, type Locale, type NodeTypeDescription } from '@journey/nodes';
import { cardGeometry } from './card-geometry.ts';

/** What a journey node carries on the canvas: its library type, its label and its config. */
export type JourneyNodeData = {
  /** The node library type (`entry`, `tag`, a custom type…), as stored in the graph's `node.type`. */
  nodeType: string;
  /** The marketer's name for the node; empty shows the type title. */
  label: string;
  config: Record<string, unknown>;
};

/** The entry node: where contacts come in, so it has no incoming handle. */
export type EntryFlowNode = Node<JourneyNodeData, 'entry'>;
/** Every other node: one incoming handle and one outgoing handle per output port. */
export type StepFlowNode = Node<JourneyNodeData, 'step'>;
/** A node as React Flow draws it. `type` is the drawing kind; `data.nodeType` is the library type. */
export type JourneyFlowNode = EntryFlowNode | StepFlowNode;

/** An edge from an output port (`sourceHandle`) to a node. */
export type JourneyFlowEdge = Edge<Record<string, never>, 'journey'> & { sourceHandle: string };

export interface FlowGraph {
  nodes: JourneyFlowNode[];
  edges: JourneyFlowEdge[];
}

/** The node library by type (`GET /api/node-types`), as the editor store keeps it. */
export type NodeLibrary = Readonly<Record<string, NodeTypeDescription>>;

/** The drawing kind of a library node type: an entry when it declares a trigger (contacts start there), else a step. */
export function flowKindOf(description: NodeTypeDescription | undefined): JourneyFlowNode['type'] {
  return description?.trigger ? 'entry' : 'step';
}

/**
 * The output ports a node's card draws, top to bottom: its type's ports for its config.
 *
 * @example
 * ```ts
 * portsOfNode('condition', {}, library); // ['yes', 'no']
 * portsOfNode('ab_split', { variants: [{ key: 'a', … }, { key: 'b', … }] }, library); // ['a', 'b']
 * ```
 */
export function portsOfNode(nodeType: string, config: unknown, library: NodeLibrary): readonly string[] {
  const description = library[nodeType];
  return description ? portsOf(description.ports, config) : [];
}

/**
 * `node` with its card's size and handles (`cardGeometry`), which React Flow uses to draw the node
 * and its edges without measuring them first. Call it again whenever the node's config changes its ports.
 *
 * @example
 * ```ts
 * const edited = withCard({ ...split, data: { ...split.data, config } }, library); // three variants: taller card
 * ```
 */
export function withCard<N extends JourneyFlowNode>(node: N, library: NodeLibrary): N {
  const card = cardGeometry(portsOfNode(node.data.nodeType, node.data.config, library), node.type !== 'entry');
  // React Flow sizes the node's box to `width` × `height` and the card fills it, so that is also what
  // it will measure: saying so up front spares a thousand-node canvas a second render after measuring.
  return { ...node, ...card, measured: { width: card.width, height: card.height } };
}

/** A stored node as drawn on the canvas (sharing its `config` object). */
export function toFlowNode(node: JourneyGraphInput['nodes'][number], library: NodeLibrary): JourneyFlowNode {
  const flowNode = {
    id: node.id,
    type: flowKindOf(library[node.type]),
    position: { x: node.position.x, y: node.position.y },
    data: { nodeType: node.type, label: node.label ?? '', config: node.config ?? {} },
  } as JourneyFlowNode;
  return withCard(flowNode, library);
}

/**
 * The stored graph as React Flow nodes and edges. Missing optional fields get the graph schema's
 * defaults (`config` = `{}`, `sourceHandle` = `out`), so any graph the API accepts can be drawn.
 * Each node carries its card's geometry from `library`.
 */
export function graphToFlow(graph: JourneyGraphInput, library: NodeLibrary): FlowGraph {
  return {
    nodes: graph.nodes.map((node) => toFlowNode(node, library)),
    edges: graph.edges.map((edge) => ({
      id: edge.id,
      type: 'journey',
      source: edge.source,
      sourceHandle: edge.sourceHandle ?? 'out',
      target: edge.target,
    })),
  };
}

/**
 * The canvas as the stored graph (JSON version 1): only the fields the graph schema knows, positions
 * rounded to whole pixels, empty labels left out.
 */
export function flowToGraph(nodes: readonly JourneyFlowNode[], edges: readonly JourneyFlowEdge[]): JourneyGraph {
  return {
    version: 1,
    nodes: nodes.map((node) => ({
      id: node.id,
      type: node.data.nodeType,
      ...(node.data.label.trim() ? { label: node.data.label.trim() } : {}),
      position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
      config: node.data.config,
    })),
    edges: edges.map((edge) => ({
      id: edge.id,
      source: edge.source,
      sourceHandle: edge.sourceHandle,
      target: edge.target,
    })),
  };
}

/**
 * A short id not in `taken`: `prefix` + the next number after the highest one already used with it.
 *
 * @example
 * ```ts
 * nextId('n', ['n1', 'n7', 'x']); // "n8"
 * ```
 */
export function nextId(prefix: string, taken: Iterable<string>): string {
  let highest = 0;
  for (const id of taken) {
    if (!id.startsWith(prefix)) continue;
    const n = Number(id.slice(prefix.length));
    if (Number.isInteger(n) && n > highest) highest = n;
  }
  return `${prefix}${highest + 1}`;
}

/** A new node of a library type at `position`: the type's default config, labelled with its title. */
export function createFlowNode(
  description: NodeTypeDescription,
  position: XYPosition,
  locale: Locale,
  takenIds: Iterable<string>,
): JourneyFlowNode {
  const node = {
    id: nextId('n', takenIds),
    type: description.type,
    position,
    label: description.title[locale],
    config: structuredClone((description.defaultConfig ?? {}) as Record<string, unknown>),
  };
  return toFlowNode(node, { [description.type]: description });
}
