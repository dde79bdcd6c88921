import { z } from 'zod';
import { localized, type LocalizedText } from './define-node.ts';
import { friendlyIssues } from './friendly-errors.ts';
import { isEntrySpec } from './node-behaviour.ts';
import type { NodeRegistry } from './registry.ts';

const idSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/, localized({ en: 'Letters, digits, and _ . : - only', 'zh-CN': '只能包含字母、数字和 _ . : -' }));

/** A node as stored in the journey graph; field names follow React Flow's. */
export const graphNodeSchema = z.object({
  id: idSchema,
  type: z.string().min(1).max(50),
  label: z.string().max(200).optional(),
  position: z.object({ x: z.number().finite(), y: z.number().finite() }),
  config: z.record(z.string(), z.unknown()).default({}),
});

/** An edge from an output port (`sourceHandle`) of one node to another node. */
export const graphEdgeSchema = z.object({
  id: idSchema,
  source: idSchema,
  sourceHandle: z.string().min(1).max(50).default('out'),
  target: idSchema,
  targetHandle: z.string().max(50).nullish(),
});

/**
 * The journey graph, JSON version 1 (SPEC §2). This schema checks the shape; `validateGraph`
 * checks the meaning (entries, reachability, ports, cycles, each node's config).
 */
export const journeyGraphSchema = z.object({
  version: z.literal(1).default(1),
  nodes: z.array(graphNodeSchema).max(5000),
  edges: z.array(graphEdgeSchema).max(20_000),
});

export type GraphNode = z.output<typeof graphNodeSchema>;
export type GraphEdge = z.output<typeof graphEdgeSchema>;
export type JourneyGraph = z.output<typeof journeyGraphSchema>;
export type JourneyGraphInput = z.input<typeof journeyGraphSchema>;

/** The rules a graph can break; `code` lets the editor and API clients react to a kind of problem. */
export type GraphProblemCode =
  | 'invalid_shape'
  | 'no_entry'
  | 'duplicate_id'
  | 'unknown_node_type'
  | 'invalid_config'
  | 'unknown_node'
  | 'unknown_port'
  | 'port_already_connected'
  | 'edge_into_entry'
  | 'unreachable'
  | 'cycle_without_wait';

/** One thing wrong with a graph, located so the editor can show it on the node or edge at fault. */
export interface GraphProblem {
  code: GraphProblemCode;
  nodeId?: string;
  edgeId?: string;
  /** Where in the graph JSON, e.g. `["nodes", 2, "config", "template"]`. */
  path: (string | number)[];
  message: LocalizedText;
}

export interface GraphValidation {
  valid: boolean;
  problems: GraphProblem[];
  /** The graph with defaults applied, when its shape was readable. */
  graph?: JourneyGraph;
}

/**
 * Checks a journey graph against every rule of SPEC §2 and returns **all** problems at once.
 *
 * @example
 * ```ts
 * const { valid, problems } = validateGraph(body.graph, registry);
 * if (!valid) return c.json({ error: { code: 'invalid_graph', message: '…', details: problems } }, 422);
 * ```
 */
export function validateGraph(input: unknown, registry: NodeRegistry): GraphValidation {
  const shape = journeyGraphSchema.safeParse(input);
  if (!shape.success) {
    const problems = friendlyIssues(journeyGraphSchema, input).map(
      ({ path, message }): GraphProblem => ({ code: 'invalid_shape', ...locate(input, path), path, message }),
    );
    return { valid: false, problems };
  }
  const graph = shape.data;
  const problems: GraphProblem[] = [];
  const add = (p: GraphProblem) => problems.push(p);

  const nodeIndex = new Map<string, number>();
  graph.nodes.forEach((node, i) => {
    if (nodeIndex.has(node.id)) {
      add({
        code: 'duplicate_id',
        nodeId: node.id,
        path: ['nodes', i, 'id'],
        message: { 'zh-CN': `节点编号 ${node.id} 重复`, en: `Node id ${node.id} is used twice` },
      });
    } else nodeIndex.set(node.id, i);
  });

  const portsByNode = new Map<string, readonly string[]>();
  const waiting = new Set<string>();
  graph.nodes.forEach((node, i) => {
    const spec = registry.get(node.type);
    const name = nodeName(node);
    if (!spec) {
      add({
        code: 'unknown_node_type',
        nodeId: node.id,
        path: ['nodes', i, 'type'],
        message: {
          'zh-CN': `「${name}」的节点类型 ${node.type} 不存在`,
          en: `"${name}" has an unknown node type: ${node.type}`,
        },
      });
      return;
    }
    if (spec.waits) waiting.add(node.id);
    const parsed = spec.config.safeParse(node.config);
    if (parsed.success) {
      portsByNode.set(node.id, registry.portsFor(node.type, node.config) ?? []);
      return;
    }
    for (const issue of friendlyIssues(spec.config, node.config)) {
      const where = fieldName(spec.config, issue.path);
      add({
        code: 'invalid_config',
        nodeId: node.id,
        path: ['nodes', i, 'config', ...issue.path],
        message: {
          'zh-CN': `「${name}」${where ? `的「${where['zh-CN']}」` : ''}：${issue.message['zh-CN']}`,
          en: `"${name}"${where ? ` ${where.en}` : ''}: ${issue.message.en}`,
        },
      });
    }
  });

  const entries = graph.nodes.filter((n) => isEntrySpec(registry.get(n.type)));
  if (entries.length === 0) {
    add({
      code: 'no_entry',
      path: ['nodes'],
      message: { 'zh-CN': '旅程至少需要一个入口节点', en: 'The journey needs at least one entry node' },
    });
  }

  const edgeIds = new Set<string>();
  const usedPorts = new Map<string, string>();
  const successors = new Map<string, string[]>();
  graph.edges.forEach((edge, i) => {
    if (edgeIds.has(edge.id)) {
      add({
        code: 'duplicate_id',
        edgeId: edge.id,
        path: ['edges', i, 'id'],
        message: { 'zh-CN': `连线编号 ${edge.id} 重复`, en: `Edge id ${edge.id} is used twice` },
      });
    }
    edgeIds.add(edge.id);
    let joins = true;
    for (const end of ['source', 'target'] as const) {
      if (!nodeIndex.has(edge[end])) {
        joins = false;
        add({
          code: 'unknown_node',
          edgeId: edge.id,
          path: ['edges', i, end],
          message: {
            'zh-CN': `连线连接了不存在的节点 ${edge[end]}`,
            en: `The edge joins a node that does not exist: ${edge[end]}`,
          },
        });
      }
    }
    if (!joins) return;
    const source = graph.nodes[nodeIndex.get(edge.source)!]!;
    const target = graph.nodes[nodeIndex.get(edge.target)!]!;
    const ports = portsByNode.get(edge.source);
    if (ports && !ports.includes(edge.sourceHandle)) {
      add({
        code: 'unknown_port',
        edgeId: edge.id,
        nodeId: edge.source,
        path: ['edges', i, 'sourceHandle'],
        message: {
          'zh-CN': `「${nodeName(source)}」没有输出端口 ${edge.sourceHandle}`,
          en: `"${nodeName(source)}" has no output port ${edge.sourceHandle}`,
        },
      });
    }
    const portKey = `${edge.source}\u0000${edge.sourceHandle}`;
    if (usedPorts.has(portKey)) {
      add({
        code: 'port_already_connected',
        edgeId: edge.id,
        nodeId: edge.source,
        path: ['edges', i],
        message: {
          'zh-CN': `「${nodeName(source)}」的端口 ${edge.sourceHandle} 只能连一条线`,
          en: `Port ${edge.sourceHandle} of "${nodeName(source)}" can have only one outgoing edge`,
        },
      });
    }
    usedPorts.set(portKey, edge.id);
    if (isEntrySpec(registry.get(target.type))) {
      add({
        code: 'edge_into_entry',
        edgeId: edge.id,
        nodeId: target.id,
        path: ['edges', i, 'target'],
        message: {
          'zh-CN': `入口「${nodeName(target)}」不能有进入的连线`,
          en: `Entry "${nodeName(target)}" cannot have incoming edges`,
        },
      });
    }
    successors.set(edge.source, [...(successors.get(edge.source) ?? []), edge.target]);
  });

  const reached = new Set<string>();
  const queue = entries.map((n) => n.id);
  for (const id of queue) {
    if (reached.has(id)) continue;
    reached.add(id);
    queue.push(...(successors.get(id) ?? []));
  }
  if (entries.length > 0) {
    graph.nodes.forEach((node, i) => {
      if (reached.has(node.id) || nodeIndex.get(node.id) !== i) return;
      add({
        code: 'unreachable',
        nodeId: node.id,
        path: ['nodes', i],
        message: {
          'zh-CN': `「${nodeName(node)}」无法从任何入口到达`,
          en: `"${nodeName(node)}" cannot be reached from any entry`,
        },
      });
    });
  }

  for (const cycle of cyclesWithoutWait(graph.nodes, successors, waiting)) {
    const first = cycle[0]!;
    const names = cycle.map((id) => nodeName(graph.nodes[nodeIndex.get(id)!]!));
    add({
      code: 'cycle_without_wait',
      nodeId: first,
      path: ['nodes', nodeIndex.get(first)!],
      message: {
        'zh-CN': `循环 ${names.join(' → ')} 中没有等待节点，会无限执行`,
        en: `The loop ${names.join(' → ')} has no waiting node and would run forever`,
      },
    });
  }

  return { valid: problems.length === 0, problems, graph };
}

/**
 * The label of the config field at `path` (from its `field()` metadata), with the list item's number
 * when the path goes into a list: "规则 第 1 项". `undefined` for the config as a whole.
 */
function fieldName(config: z.ZodType, path: readonly (string | number)[]): LocalizedText | undefined {
  const [key, index] = path;
  if (typeof key !== 'string') return undefined;
  const fieldSchema = (config as unknown as { shape?: Record<string, z.ZodType> }).shape?.[key];
  const meta = fieldSchema?.meta() as { title?: string; 'x-title-zh'?: string } | undefined;
  const title = { 'zh-CN': meta?.['x-title-zh'] ?? key, en: meta?.title ?? key };
  if (typeof index !== 'number') return title;
  return { 'zh-CN': `${title['zh-CN']} 第 ${index + 1} 项`, en: `${title.en} #${index + 1}` };
}

function nodeName(node: { id: string; label?: string | undefined }): string {
  return node.label?.trim() || node.id;
}

/** The node or edge id at a shape-error path, so even shape problems show on the canvas. */
function locate(input: unknown, path: (string | number)[]): { nodeId?: string; edgeId?: string } {
  const [list, index] = path;
  if ((list !== 'nodes' && list !== 'edges') || typeof index !== 'number') return {};
  const item = (input as Record<string, unknown[]> | null)?.[list]?.[index] as { id?: unknown } | undefined;
  if (typeof item?.id !== 'string') return {};
  return list === 'nodes' ? { nodeId: item.id } : { edgeId: item.id };
}

/**
 * Strongly connected components (Tarjan, iterative) of the graph without its waiting nodes:
 * each component with a loop is a cycle that no wait breaks.
 */
function cyclesWithoutWait(
  nodes: readonly GraphNode[],
  successors: Map<string, string[]>,
  waiting: Set<string>,
): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  const next = (id: string) => (successors.get(id) ?? []).filter((t) => !waiting.has(t));

  for (const start of nodes) {
    if (waiting.has(start.id) || index.has(start.id)) continue;
    const work: { id: string; i: number }[] = [{ id: start.id, i: 0 }];
    index.set(start.id, counter);
    low.set(start.id, counter++);
    stack.push(start.id);
    onStack.add(start.id);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const succ = next(frame.id);
      if (frame.i < succ.length) {
        const to = succ[frame.i++]!;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ id: to, i: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) !== index.get(frame.id)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.id);
      const selfLoop = component.length === 1 && next(frame.id).includes(frame.id);
      if (component.length > 1 || selfLoop) cycles.push(component.reverse());
    }
  }
  return cycles;
}
