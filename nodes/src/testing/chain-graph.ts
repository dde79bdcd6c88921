import type { JourneyGraphInput } from '../core/graph.ts';

/** One node of a chain: joined to the next node by `port` (default `out`). */
export interface ChainNode {
  id: string;
  type: string;
  config?: Record<string, unknown>;
  label?: string;
  port?: string;
}

/**
 * A journey graph of nodes in a row, each joined to the next by its `port`; `branches` adds edges
 * from other ports (`[source, port, target]`).
 *
 * @example
 * ```ts
 * const graph = chainGraph(
 *   [{ id: 'entry', type: 'entry' }, { id: 'wait', type: 'wait_event', config: { event: 'order.paid' }, port: 'matched' }, { id: 'vip', type: 'tag', config: { add: ['vip'] } }],
 *   [['wait', 'timeout', 'vip']],
 * );
 * ```
 */
export function chainGraph(nodes: readonly ChainNode[], branches: readonly [source: string, port: string, target: string][] = []): JourneyGraphInput {
  const chained = nodes.slice(1).map((node, i): [string, string, string] => [nodes[i]!.id, nodes[i]!.port ?? 'out', node.id]);
  return {
    nodes: nodes.map(({ id, type, config, label }) => ({ id, type, position: { x: 0, y: 0 }, config: config ?? {}, ...(label ? { label } : {}) })),
    edges: [...chained, ...branches].map(([source, sourceHandle, target]) => ({ id: `${source}-${sourceHandle}-${target}`, source, sourceHandle, target })),
  };
}
