import type { GraphNode, JourneyGraphInput } from './graph.ts';

/** One node's change between two graphs: the config fields (dotted paths), label or place in the flow that differ. */
export interface NodeChange {
  nodeId: string;
  type: string;
  label: string;
  /** Config fields whose value differs, as paths (`rules.0.tag`); `label` and `type` when those differ. */
  fields: string[];
  /** Output ports that lead somewhere else (or nowhere) now. */
  ports: string[];
}

/** What differs from one graph (`before`) to another (`after`). */
export interface GraphDiff {
  added: GraphNode[];
  removed: GraphNode[];
  changed: NodeChange[];
}

type Json = unknown;

/** The dotted paths under which `a` and `b` differ; `[]` when they are equal. Arrays compare item by item. */
export function changedPaths(a: Json, b: Json, prefix = ''): string[] {
  const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null;
  if (!isObject(a) || !isObject(b) || Array.isArray(a) !== Array.isArray(b)) {
    return JSON.stringify(a) === JSON.stringify(b) ? [] : [prefix];
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) return [prefix];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.flatMap((key) => changedPaths(a[key], b[key], prefix ? `${prefix}.${key}` : key));
}

const targetsOf = (edges: JourneyGraphInput['edges'], nodeId: string) =>
  new Map(edges.filter((e) => e.source === nodeId).map((e) => [e.sourceHandle ?? 'out', e.target]));

/**
 * What changed from `before` to `after`, by node id: nodes added, nodes removed, and for nodes in
 * both the config fields (and label or type) that differ and the ports whose edge now leads elsewhere.
 * Positions are left out: moving a card changes nothing contacts go through.
 *
 * @example
 * ```ts
 * diffGraphs(v1.graph, draft.graph);
 * // { added: [{ id: 'n9', type: 'goal', … }], removed: [], changed: [{ nodeId: 'n3', fields: ['template'], ports: [] }] }
 * ```
 */
export function diffGraphs(before: JourneyGraphInput, after: JourneyGraphInput): GraphDiff {
  const old = new Map(before.nodes.map((n) => [n.id, n]));
  const now = new Map(after.nodes.map((n) => [n.id, n]));
  const changed: NodeChange[] = [];
  for (const node of after.nodes) {
    const was = old.get(node.id);
    if (!was) continue;
    const fields = [
      ...(was.type !== node.type ? ['type'] : []),
      ...((was.label ?? '') !== (node.label ?? '') ? ['label'] : []),
      ...changedPaths(was.config ?? {}, node.config ?? {}).filter(Boolean),
    ];
    const [from, to] = [targetsOf(before.edges, node.id), targetsOf(after.edges, node.id)];
    const ports = [...new Set([...from.keys(), ...to.keys()])].filter((port) => from.get(port) !== to.get(port));
    if (fields.length || ports.length) changed.push({ nodeId: node.id, type: node.type, label: node.label ?? '', fields, ports });
  }
  return {
    added: after.nodes.filter((n) => !old.has(n.id)) as GraphNode[],
    removed: before.nodes.filter((n) => !now.has(n.id)) as GraphNode[],
    changed,
  };
}
