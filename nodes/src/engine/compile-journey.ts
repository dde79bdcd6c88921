import type { NodeExecutor } from '../core/define-executor.ts';
import type { AnyNodeSpec } from '../core/define-node.ts';
import type { EventCountNeed } from '../core/event-counts.ts';
import { journeyGraphSchema, type JourneyGraph } from '../core/graph.ts';
import { triggerOf, type EntryTrigger } from '../core/node-behaviour.ts';
import { journeySettingsSchema, type JourneySettings } from '../core/settings.ts';
import type { ExecutorRegistry } from '../server.ts';

/** A graph node ready to run: its executor, its parsed config and where each port leads. */
export interface CompiledNode {
  id: string;
  type: string;
  label?: string | undefined;
  /** Missing when no executor is registered for the type; running the node then fails the step. */
  executor?: NodeExecutor<AnyNodeSpec>;
  /** The config parsed by the type's schema, defaults applied. */
  config: unknown;
  /** Why the config did not parse; running the node then fails the step. */
  configError?: string;
  /** Target node id by output port. */
  next: Map<string, string>;
  /** For an entry node (its type declares a trigger): the event, sources and re-entry rule it enrols by. */
  trigger?: EntryTrigger;
}

/** A published journey version, parsed once and cached: versions never change. */
export interface CompiledJourney {
  journeyId: string;
  version: number;
  settings: JourneySettings;
  nodes: Map<string, CompiledNode>;
  /** The entry nodes (their types declare a trigger) with a readable trigger, in graph order. */
  entries: (CompiledNode & { trigger: EntryTrigger })[];
  /** Node types of the graph this process has no executor for (a plugin it did not load). */
  missingTypes: string[];
  /** True when a node of the graph sends messages (its type declares `sends`): its runs read caps and consent. */
  sends: boolean;
  /** The event counts the journey's nodes read (`NodeSpec.eventCounts`), loaded for each run before it steps. */
  eventCounts: EventCountNeed[];
}

/**
 * Parses a stored version's graph and settings against the executors' specs. Never throws for a bad
 * node: the problem is kept on the node and surfaces as a failed step when a run reaches it. Entries
 * are the nodes whose type declares a trigger (`defineNode({ trigger })`), built-in or custom.
 *
 * @example
 * ```ts
 * const journey = compileJourney({ journeyId: 'j1', version: 1, graph, settings }, new ExecutorRegistry());
 * journey.nodes.get('n1')?.next.get('out'); // "n2"
 * ```
 */
export function compileJourney(
  source: { journeyId: string; version: number; graph: unknown; settings: unknown },
  executors: ExecutorRegistry,
): CompiledJourney {
  const graph: JourneyGraph = journeyGraphSchema.parse(source.graph);
  const nodes = new Map<string, CompiledNode>();
  for (const node of graph.nodes) {
    const executor = executors.get(node.type);
    const compiled: CompiledNode = { id: node.id, type: node.type, label: node.label, config: node.config, next: new Map() };
    if (executor) {
      compiled.executor = executor;
      const parsed = executor.spec.config.safeParse(node.config);
      if (parsed.success) compiled.config = parsed.data;
      else compiled.configError = `Invalid config: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`;
      const trigger = compiled.configError ? undefined : triggerOf(executor.spec, compiled.config);
      if (trigger) compiled.trigger = trigger;
    }
    nodes.set(node.id, compiled);
  }
  for (const edge of graph.edges) nodes.get(edge.source)?.next.set(edge.sourceHandle, edge.target);
  const eventCounts = [...nodes.values()].flatMap((n) => (n.executor?.spec.eventCounts && !n.configError ? n.executor.spec.eventCounts(n.config) : []));
  return {
    journeyId: source.journeyId,
    version: source.version,
    settings: journeySettingsSchema.parse(source.settings ?? {}),
    nodes,
    entries: [...nodes.values()].filter((n): n is CompiledNode & { trigger: EntryTrigger } => n.trigger !== undefined),
    eventCounts,
    missingTypes: [...new Set([...nodes.values()].filter((n) => !n.executor).map((n) => n.type))],
    sends: [...nodes.values()].some((n) => n.executor?.spec.sends === true),
  };
}
