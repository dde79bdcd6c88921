import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import type { XYPosition } from '@xyflow/react';
import type { JourneyFlowEdge, JourneyFlowNode } from './convert.ts';


const LAYOUT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.spacing.nodeNodeBetweenLayers': '90',
  'elk.spacing.nodeNode': '40',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
};
/** Ports stay in the order given, top to bottom on the east side (a node option, not a graph one). */
const NODE_OPTIONS = { 'elk.portConstraints': 'FIXED_ORDER' };

let elk: InstanceType<typeof ELK> | undefined;

/**
 * Left-to-right layered positions for every node (ELK "layered"), the output ports of a node kept in
 * the order its card draws them (`portOrder`), so a condition's "yes" branch stays above its "no" branch.
 *
 * @example
 * ```ts
 * const positions = await layoutPositions(nodes, edges, (n) => ['yes', 'no']); // { n1: { x: 0, y: 40 }, … }
 * ```
 */
export async function layoutPositions(
  nodes: readonly JourneyFlowNode[],
  edges: readonly JourneyFlowEdge[],
  portOrder: (node: JourneyFlowNode) => readonly string[],
): Promise<Record<string, XYPosition>> {
  elk ??= new ELK();
  const used = new Set(edges.map((e) => `${e.source}\u0000${e.sourceHandle}`));
  const ids = new Set(nodes.map((n) => n.id));
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: LAYOUT_OPTIONS,
    children: nodes.map((node) => ({
      id: node.id,
      layoutOptions: NODE_OPTIONS,
      // Every canvas node carries its card's size (convert.ts `withCard`).
      width: node.width ?? 0,
      height: node.height ?? 0,
      ports: [
        { id: `${node.id}::in`, layoutOptions: { 'elk.port.side': 'WEST' } },
        ...portOrder(node)
          .filter((port) => used.has(`${node.id}\u0000${port}`))
          .map((port, i) => ({
          id: `${node.id}::out::${port}`,
          layoutOptions: { 'elk.port.side': 'EAST', 'elk.port.index': String(i) },
        })),
      ],
    })),
    edges: edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({ id: e.id, sources: [`${e.source}::out::${e.sourceHandle}`], targets: [`${e.target}::in`] })),
  };
  const laid = await elk.layout(graph);
  return Object.fromEntries((laid.children ?? []).map((c) => [c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) }]));
}
