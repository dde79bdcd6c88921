import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode, ElkPort } from 'elkjs/lib/elk-api.js';
import type { XYPosition } from '@xyflow/react';
import type { JourneyFlowEdge, JourneyFlowNode } from './convert.ts';

const LAYOUT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.layered.spacing.nodeNodeBetweenLayers': '70',
  'elk.spacing.nodeNode': '50',
  'elk.layered.spacing.edgeNodeBetweenLayers': '30',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
};
/** Ports sit where the card draws its handles (a node option, not a graph one). */
const NODE_OPTIONS = { 'elk.portConstraints': 'FIXED_POS' };

let elk: InstanceType<typeof ELK> | undefined;

/**
 * Top-to-bottom layered positions for every node (ELK "layered"), each edge leaving from the handle
 * its card draws for the port (`node.handles`, from `cardGeometry`), so a condition's "yes" branch
 * is laid out left of its "no" branch, as the card names them. Nodes are kept in the order given
 * where the layout leaves a choice, so several entries stay side by side in the order they were drawn.
 *
 * @example
 * ```ts
 * const positions = await layoutPositions(nodes, edges); // { n1: { x: 0, y: 0 }, n2: { x: 0, y: 190 }, … }
 * ```
 */
export async function layoutPositions(
  nodes: readonly JourneyFlowNode[],
  edges: readonly JourneyFlowEdge[],
): Promise<Record<string, XYPosition>> {
  elk ??= new ELK();
  const ids = new Set(nodes.map((n) => n.id));
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: LAYOUT_OPTIONS,
    children: nodes.map((node) => ({
      id: node.id,
      layoutOptions: NODE_OPTIONS,
      // Every canvas node carries its card's size and handles (convert.ts `withCard`).
      width: node.width ?? 0,
      height: node.height ?? 0,
      ports: (node.handles ?? []).map(
        (handle): ElkPort => ({
          id: handle.type === 'target' ? `${node.id}::in` : `${node.id}::out::${handle.id}`,
          x: handle.x,
          y: handle.y,
          width: handle.width ?? 0,
          height: handle.height ?? 0,
          layoutOptions: { 'elk.port.side': handle.type === 'target' ? 'NORTH' : 'SOUTH' },
        }),
      ),
    })),
    edges: edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({ id: e.id, sources: [`${e.source}::out::${e.sourceHandle}`], targets: [`${e.target}::in`] })),
  };
  const laid = await elk.layout(graph);
  return Object.fromEntries((laid.children ?? []).map((c) => [c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) }]));
}
