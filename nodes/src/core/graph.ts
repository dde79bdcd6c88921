import { z } from 'zod';
import { localized, portsOf, type AnyNodeSpec, type LocalizedText } from './define-node.ts';
import { friendlyIssues } from './friendly-errors.ts';
import { isEntrySpec, waitCanBeZero } from './node-behaviour.ts';
import { KEY_PATTERN } from './identifiers.ts';
import type { NodeRegistry } from './registry.ts';
import { utf8Length } from './utf8.ts';

/**
 * How large a journey graph may be. A marketer's largest journeys have a few hundred nodes; the editor
 * is built to draw 5,000. Edges are bounded at two per node on average (a valid graph has at most one
 * per output port), and a node's config at 64 KiB of JSON (a webhook body template of 20,000 Chinese
 * characters fits). Validation refuses a graph over any of them before looking further.
 */
export const GRAPH_LIMITS = {
  nodes: 5000,
  edges: 10_000,
  /** UTF-8 bytes of one node's `config` as JSON. */
  nodeConfigBytes: 64 * 1024,
  /** UTF-8 bytes of all the nodes' configs together, as JSON. */
  configBytes: 1024 * 1024,
} as const;

const idSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(KEY_PATTERN, localized({ en: 'Letters, digits, and _ . : - only', 'zh-CN': '只能包含字母、数字和 _ . : -' }));

/** A node as stored in the journey graph; field names follow React Flow's. */
export const graphNodeSchema = z.strictObject({
  id: idSchema,
  type: z.string().min(1).max(50),
  label: z.string().max(200).optional(),
  position: z.strictObject({ x: z.number().finite(), y: z.number().finite() }),
  config: z.record(z.string(), z.unknown()).default({}),
});

/** An edge from an output port (`sourceHandle`) of one node to another node. */
export const graphEdgeSchema = z.strictObject({
  id: idSchema,
  source: idSchema,
  sourceHandle: z.string().min(1).max(50).default('out'),
  target: idSchema,
  targetHandle: z.string().max(50).nullish(),
});

/**
 * The journey graph, JSON version 1 (SPEC §2), within `GRAPH_LIMITS`. This schema checks the shape;
 * `validateGraph` checks the meaning (entries, reachability, ports, cycles, each node's config).
 */
export const journeyGraphSchema = z
  .strictObject({
    version: z.literal(1).default(1),
    nodes: z.array(graphNodeSchema).max(GRAPH_LIMITS.nodes),
    edges: z.array(graphEdgeSchema).max(GRAPH_LIMITS.edges),
  })
  .superRefine((graph, ctx) => {
    for (const { path, message } of configSizeViolations(graph.nodes)) ctx.addIssue({ code: 'custom', path, message: message.en });
  });

export type GraphNode = z.output<typeof graphNodeSchema>;
export type GraphEdge = z.output<typeof graphEdgeSchema>;
export type JourneyGraph = z.output<typeof journeyGraphSchema>;
export type JourneyGraphInput = z.input<typeof journeyGraphSchema>;

/** The rules a graph can break; `code` lets the editor and API clients react to a kind of problem. */
export type GraphProblemCode =
  | 'graph_too_large'
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
  | 'cycle_without_wait'
  | 'cycle_with_zero_wait'
  /** A warning: an output port without an edge, where the contact's run ends. */
  | 'unconnected_port'
  /** A warning: a plan or offer the node names does not exist or is not configured. */
  | 'unknown_reference'
  /** A warning: nothing delivers the node's channel (no plugin or relay), so its messages are only recorded. */
  | 'channel_not_connected'
  /** A warning: an event type nothing has sent yet. */
  | 'event_never_seen'
  /** A warning: the push's carrier limits what one contact receives per period; messages past it are held. */
  | 'carrier_limit'
  /** A warning: the carrier refuses or restricts a push written this way (a WeChat text outside the follower's window). */
  | 'carrier_rule';

/** One thing wrong with a graph, located so the editor can show it on the node or edge at fault. */
export interface GraphProblem {
  code: GraphProblemCode;
  nodeId?: string;
  edgeId?: string;
  /** Where in the graph JSON, e.g. `["nodes", 2, "config", "template"]`. */
  path: (string | number)[];
  message: LocalizedText;
  /** `warning`: publishable, shown before publishing; absent or `error`: publishing is refused. */
  severity?: 'error' | 'warning';
}

/** Whether a problem blocks publishing (every problem but a warning does). */
export const isBlocking = (problem: Pick<GraphProblem, 'severity'>): boolean => problem.severity !== 'warning';

export interface GraphValidation {
  valid: boolean;
  problems: GraphProblem[];
  /** The graph with defaults applied, when its shape was readable. */
  graph?: JourneyGraph;
}

/**
 * Checks a journey graph against every rule of SPEC §2 and returns **all** problems at once, in time
 * linear in the graph. A graph over `GRAPH_LIMITS` gets only its `graph_too_large` problems.
 *
 * @example
 * ```ts
 * const { valid, problems } = validateGraph(body.graph, registry);
 * if (!valid) return c.json({ error: { code: 'invalid_graph', message: '…', details: problems } }, 422);
 * ```
 */
export function validateGraph(input: unknown, registry: NodeRegistry): GraphValidation {
  const steps = validateGraphInSteps(input, registry);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Nodes whose configs are parsed between two pauses of `validateGraphInSteps`. */
const CONFIGS_PER_STEP = 500;

/**
 * `validateGraph` as a generator that pauses between its passes (the size check, the shape, every 500
 * node configs, each rule), so a server can let other requests run in between. The longest pass, the
 * shape check, takes some 20 ms for the largest graph the limits allow.
 *
 * @example
 * ```ts
 * const steps = validateGraphInSteps(graph, registry);
 * let step = steps.next();
 * while (!step.done) {
 *   await new Promise(setImmediate);
 *   step = steps.next();
 * }
 * const { valid, problems } = step.value;
 * ```
 */
export function* validateGraphInSteps(input: unknown, registry: NodeRegistry): Generator<void, GraphValidation, void> {
  const tooLarge = sizeProblems(input);
  if (tooLarge.length > 0) return { valid: false, problems: tooLarge };
  yield;
  const shape = journeyGraphSchema.safeParse(input);
  if (!shape.success) {
    const problems = friendlyIssues(journeyGraphSchema, input).map(
      ({ path, message }): GraphProblem => ({ code: 'invalid_shape', ...locate(input, path), path, message }),
    );
    return { valid: false, problems };
  }
  const context = yield* indexGraph(shape.data, registry);
  const problems: GraphProblem[] = [];
  for (const rule of GRAPH_RULES) {
    yield;
    for (const problem of rule(context)) problems.push(problem);
  }
  return { valid: !problems.some(isBlocking), problems, graph: shape.data };
}

/** What every rule reads: the graph and its indexes, built once in one pass over nodes and edges. */
interface GraphContext {
  graph: JourneyGraph;
  /** The position of the first node with each id. */
  nodeIndex: Map<string, number>;
  /** Each node's type (by position); `undefined` when the registry does not know it. */
  specs: (AnyNodeSpec | undefined)[];
  /** Each node's config parsed by its type's schema; `undefined` for an unknown type. */
  configs: (z.ZodSafeParseResult<unknown> | undefined)[];
  /** The output ports of each node whose type is known and whose config is valid. */
  ports: Map<string, ReadonlySet<string>>;
  /** The targets of the edges joining two existing nodes, by source id. */
  successors: Map<string, string[]>;
  entries: GraphNode[];
}

/** One rule of SPEC §2: the problems it finds, in graph order. */
type GraphRule = (graph: GraphContext) => GraphProblem[];

function* indexGraph(graph: JourneyGraph, registry: NodeRegistry): Generator<void, GraphContext, void> {
  const nodeIndex = new Map<string, number>();
  const ports = new Map<string, ReadonlySet<string>>();
  const specs = graph.nodes.map((node) => registry.get(node.type));
  const configs: GraphContext['configs'] = [];
  for (const [i, node] of graph.nodes.entries()) {
    if (i % CONFIGS_PER_STEP === 0) yield;
    if (!nodeIndex.has(node.id)) nodeIndex.set(node.id, i);
    const spec = specs[i];
    const parsed = spec?.config.safeParse(node.config);
    if (spec && parsed?.success && nodeIndex.get(node.id) === i) ports.set(node.id, new Set(portsOf(spec.ports, parsed.data)));
    configs.push(parsed);
  }
  yield;
  const successors = new Map<string, string[]>();
  for (const edge of graph.edges) {
    if (!nodeIndex.has(edge.source) || !nodeIndex.has(edge.target)) continue;
    const targets = successors.get(edge.source);
    if (targets) targets.push(edge.target);
    else successors.set(edge.source, [edge.target]);
  }
  const entries = graph.nodes.filter((_, i) => isEntrySpec(specs[i]));
  return { graph, nodeIndex, specs, configs, ports, successors, entries };
}

const uniqueNodeIds: GraphRule = ({ graph, nodeIndex }) =>
  graph.nodes.flatMap((node, i) =>
    nodeIndex.get(node.id) === i
      ? []
      : [
          {
            code: 'duplicate_id',
            nodeId: node.id,
            path: ['nodes', i, 'id'],
            message: { 'zh-CN': `节点编号 ${node.id} 重复`, en: `Node id ${node.id} is used twice` },
          },
        ],
  );

const knownTypesAndValidConfigs: GraphRule = ({ graph, specs, configs }) =>
  graph.nodes.flatMap((node, i): GraphProblem[] => {
    const spec = specs[i];
    const name = nodeName(node);
    if (!spec) {
      return [
        {
          code: 'unknown_node_type',
          nodeId: node.id,
          path: ['nodes', i, 'type'],
          message: {
            'zh-CN': `「${name}」的节点类型 ${node.type} 不存在`,
            en: `"${name}" has an unknown node type: ${node.type}`,
          },
        },
      ];
    }
    if (configs[i]?.success) return [];
    return friendlyIssues(spec.config, node.config).map((issue) => {
      const where = fieldName(spec.config, issue.path);
      return {
        code: 'invalid_config',
        nodeId: node.id,
        path: ['nodes', i, 'config', ...issue.path],
        message: {
          'zh-CN': `「${name}」${where ? `的「${where['zh-CN']}」` : ''}：${issue.message['zh-CN']}`,
          en: `"${name}"${where ? ` ${where.en}` : ''}: ${issue.message.en}`,
        },
      };
    });
  });

const hasEntry: GraphRule = ({ entries }) =>
  entries.length > 0
    ? []
    : [
        {
          code: 'no_entry',
          path: ['nodes'],
          message: { 'zh-CN': '旅程至少需要一个入口节点', en: 'The journey needs at least one entry node' },
        },
      ];

const edgesJoinDeclaredPorts: GraphRule = ({ graph, nodeIndex, specs, ports }) => {
  const problems: GraphProblem[] = [];
  const edgeIds = new Set<string>();
  const usedPorts = new Set<string>();
  graph.edges.forEach((edge, i) => {
    if (edgeIds.has(edge.id)) {
      problems.push({
        code: 'duplicate_id',
        edgeId: edge.id,
        path: ['edges', i, 'id'],
        message: { 'zh-CN': `连线编号 ${edge.id} 重复`, en: `Edge id ${edge.id} is used twice` },
      });
    }
    edgeIds.add(edge.id);
    const missing = (['source', 'target'] as const).filter((end) => !nodeIndex.has(edge[end]));
    for (const end of missing) {
      problems.push({
        code: 'unknown_node',
        edgeId: edge.id,
        path: ['edges', i, end],
        message: {
          'zh-CN': `连线连接了不存在的节点 ${edge[end]}`,
          en: `The edge joins a node that does not exist: ${edge[end]}`,
        },
      });
    }
    if (missing.length > 0) return;
    const source = graph.nodes[nodeIndex.get(edge.source)!]!;
    const target = graph.nodes[nodeIndex.get(edge.target)!]!;
    const declared = ports.get(edge.source);
    if (declared && !declared.has(edge.sourceHandle)) {
      problems.push({
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
      problems.push({
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
    usedPorts.add(portKey);
    if (isEntrySpec(specs[nodeIndex.get(edge.target)!])) {
      problems.push({
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
  });
  return problems;
};

const reachableFromEntry: GraphRule = ({ graph, nodeIndex, successors, entries }) => {
  if (entries.length === 0) return [];
  const reached = new Set<string>();
  const queue = entries.map((n) => n.id);
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head]!;
    if (reached.has(id)) continue;
    reached.add(id);
    for (const next of successors.get(id) ?? []) if (!reached.has(next)) queue.push(next);
  }
  return graph.nodes.flatMap((node, i): GraphProblem[] =>
    reached.has(node.id) || nodeIndex.get(node.id) !== i
      ? []
      : [
          {
            code: 'unreachable',
            nodeId: node.id,
            path: ['nodes', i],
            message: {
              'zh-CN': `「${nodeName(node)}」无法从任何入口到达`,
              en: `"${nodeName(node)}" cannot be reached from any entry`,
            },
          },
        ],
  );
};

/**
 * Every cycle passes through a waiting node that cannot let the run go on at once: a loop of instant
 * nodes, or one whose waits can all be 0 s, would run forever.
 */
const everyCycleWaits: GraphRule = ({ graph, nodeIndex, specs, configs, successors }) => {
  const parks = (id: string) => {
    const i = nodeIndex.get(id)!;
    const spec = specs[i];
    if (!spec?.waits) return false;
    const config = configs[i];
    // A config that does not parse has its own problem; the node still counts as the wait it is meant to be.
    return !config?.success || !waitCanBeZero(spec, config.data);
  };
  return loopsWithout(graph.nodes, successors, parks).map((cycle): GraphProblem => {
    const first = cycle[0]!;
    const names = listNames(cycle.map((id) => nodeName(graph.nodes[nodeIndex.get(id)!]!)));
    const zeroWait = cycle.some((id) => specs[nodeIndex.get(id)!]?.waits);
    return {
      code: zeroWait ? 'cycle_with_zero_wait' : 'cycle_without_wait',
      nodeId: first,
      path: ['nodes', nodeIndex.get(first)!],
      message: zeroWait
        ? {
            'zh-CN': `循环 ${names['zh-CN']} 中的等待都可能是 0 秒，会无限执行；请让其中一个等待长于 0 秒`,
            en: `Every wait in the loop ${names.en} can be 0 s, so it would run forever; make one of them longer`,
          }
        : {
            'zh-CN': `循环 ${names['zh-CN']} 中没有等待节点，会无限执行`,
            en: `The loop ${names.en} has no waiting node and would run forever`,
          },
    };
  });
};

/** SPEC §2's rules, in the order their problems are listed. */
const GRAPH_RULES: readonly GraphRule[] = [
  uniqueNodeIds,
  knownTypesAndValidConfigs,
  hasEntry,
  edgesJoinDeclaredPorts,
  reachableFromEntry,
  everyCycleWaits,
  portsConnected,
];

/** A warning for each output port without an edge: a contact who leaves by it ends the journey there. */
function portsConnected({ graph, ports, specs }: GraphContext): GraphProblem[] {
  const connected = new Set(graph.edges.map((e) => `${e.source}\u0000${e.sourceHandle}`));
  const problems: GraphProblem[] = [];
  for (const [i, node] of graph.nodes.entries()) {
    const declared = ports.get(node.id);
    // A node with one port that nothing follows is a journey's natural end; say so only where a branch is left open.
    if (!declared || declared.size < 2) continue;
    for (const port of declared) {
      if (connected.has(`${node.id}\u0000${port}`)) continue;
      const title = specs[i]?.portTitles?.[port];
      problems.push({
        code: 'unconnected_port',
        severity: 'warning',
        nodeId: node.id,
        path: ['nodes', i],
        message: {
          'zh-CN': `出口「${title?.['zh-CN'] ?? port}」没有连线：从这里离开的联系人会在此结束旅程`,
          en: `The "${title?.en ?? port}" output is not connected: contacts who leave by it end the journey here`,
        },
      });
    }
  }
  return problems;
}

/** The problems of a graph over `GRAPH_LIMITS`, found without parsing it. */
function sizeProblems(input: unknown): GraphProblem[] {
  const { nodes, edges } = (input ?? {}) as { nodes?: unknown; edges?: unknown };
  const problems: GraphProblem[] = [];
  const count = (list: unknown, key: 'nodes' | 'edges', max: number, words: { zh: string; en: string }) => {
    if (!Array.isArray(list) || list.length <= max) return;
    problems.push({
      code: 'graph_too_large',
      path: [key],
      message: {
        'zh-CN': `旅程最多 ${max} 个${words.zh}，这里有 ${list.length} 个`,
        en: `A journey can have at most ${max} ${words.en}; this one has ${list.length}`,
      },
    });
  };
  count(nodes, 'nodes', GRAPH_LIMITS.nodes, { zh: '节点', en: 'nodes' });
  count(edges, 'edges', GRAPH_LIMITS.edges, { zh: '连线', en: 'edges' });
  if (problems.length > 0 || !Array.isArray(nodes)) return problems;
  return configSizeViolations(nodes).map(({ path, message }) => ({ code: 'graph_too_large', ...locate(input, path), path, message }));
}

/** Node configs over `GRAPH_LIMITS.nodeConfigBytes`, and all of them together over `configBytes`. */
function configSizeViolations(nodes: readonly unknown[]): { path: (string | number)[]; message: LocalizedText }[] {
  const kib = (bytes: number) => bytes / 1024;
  const violations: { path: (string | number)[]; message: LocalizedText }[] = [];
  let total = 0;
  nodes.forEach((node, i) => {
    const { config, id, label } = (node ?? {}) as { config?: unknown; id?: unknown; label?: unknown };
    if (config === null || typeof config !== 'object') return;
    const bytes = utf8Length(JSON.stringify(config));
    total += bytes;
    if (bytes <= GRAPH_LIMITS.nodeConfigBytes) return;
    const name = typeof label === 'string' && label.trim() ? label.trim() : String(id);
    violations.push({
      path: ['nodes', i, 'config'],
      message: {
        'zh-CN': `「${name}」的设置超过 ${kib(GRAPH_LIMITS.nodeConfigBytes)} KB`,
        en: `The settings of "${name}" are over ${kib(GRAPH_LIMITS.nodeConfigBytes)} KB`,
      },
    });
  });
  if (total > GRAPH_LIMITS.configBytes) {
    violations.push({
      path: ['nodes'],
      message: {
        'zh-CN': `所有节点的设置合计超过 ${kib(GRAPH_LIMITS.configBytes)} KB`,
        en: `The settings of all nodes together are over ${kib(GRAPH_LIMITS.configBytes)} KB`,
      },
    });
  }
  return violations;
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

/** "A → B → C", or the first names and how many there are in all, for a long loop. */
function listNames(names: string[]): LocalizedText {
  const SHOWN = 8;
  if (names.length <= SHOWN) return { 'zh-CN': names.join(' → '), en: names.join(' → ') };
  const head = names.slice(0, SHOWN).join(' → ');
  return { 'zh-CN': `${head} → …（共 ${names.length} 个节点）`, en: `${head} → … (${names.length} nodes)` };
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
 * The loops of the graph that avoid every node for which `breaks` is true: its strongly connected
 * components (Tarjan, iterative, linear in nodes and edges) without those nodes that hold a cycle.
 */
function loopsWithout(nodes: readonly GraphNode[], successors: Map<string, string[]>, breaks: (id: string) => boolean): string[][] {
  const kept = new Map<string, string[]>();
  for (const node of nodes) {
    if (kept.has(node.id) || breaks(node.id)) continue;
    kept.set(node.id, (successors.get(node.id) ?? []).filter((to) => !breaks(to)));
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (id: string) => {
    index.set(id, counter);
    low.set(id, counter++);
    stack.push(id);
    onStack.add(id);
  };

  for (const start of kept.keys()) {
    if (index.has(start)) continue;
    const work: { id: string; i: number }[] = [{ id: start, i: 0 }];
    visit(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const next = kept.get(frame.id)!;
      if (frame.i < next.length) {
        const to = next[frame.i++]!;
        if (!index.has(to)) {
          visit(to);
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
      const selfLoop = component.length === 1 && next.includes(frame.id);
      if (component.length > 1 || selfLoop) cycles.push(component.reverse());
    }
  }
  return cycles;
}
