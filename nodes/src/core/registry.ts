import { z } from 'zod';
import { portsOf, type AnyNodeSpec, type PortsFromConfig } from './define-node.ts';
import type { TriggerSpec } from './node-behaviour.ts';

/** A built-in type (`wait_event`) or a plugin's, namespaced (`group-buy/group_buy`). */
const NODE_TYPE = /^(?:[a-z][a-z0-9-]{0,29}\/)?[a-z][a-z0-9_]{0,49}$/;

/**
 * The node types a deployment knows: the built-ins plus any custom ones.
 * Validation, the API's node library and the editor palette all read from one registry.
 *
 * @example
 * ```ts
 * const registry = new NodeRegistry(builtinSpecs);
 * registry.register(myCustomSpec);
 * registry.get('tag')?.title.en; // "Tag"
 * ```
 */
export class NodeRegistry {
  readonly #specs = new Map<string, AnyNodeSpec>();

  constructor(specs: readonly AnyNodeSpec[] = []) {
    for (const spec of specs) this.register(spec);
  }

  /** Adds a node type; a type name can be registered once. */
  register(spec: AnyNodeSpec): void {
    if (!NODE_TYPE.test(spec.type) || spec.type.length > 50) {
      throw new Error(`Node type "${spec.type}" must be snake_case starting with a letter, or <plugin>/<type>, at most 50 characters`);
    }
    if (this.#specs.has(spec.type)) throw new Error(`Node type "${spec.type}" is already registered`);
    this.#specs.set(spec.type, spec);
  }

  get(type: string): AnyNodeSpec | undefined {
    return this.#specs.get(type);
  }

  list(): AnyNodeSpec[] {
    return [...this.#specs.values()];
  }

  /** The output ports of a node, or `undefined` when its type is unknown or its config invalid. */
  portsFor(type: string, config: unknown): readonly string[] | undefined {
    const spec = this.get(type);
    if (!spec) return undefined;
    const parsed = spec.config.safeParse(config ?? {});
    return parsed.success ? portsOf(spec.ports, parsed.data) : undefined;
  }
}

/** A node type as the API and the editor describe it: the spec with its config as JSON Schema. */
export interface NodeTypeDescription {
  type: string;
  stage: AnyNodeSpec['stage'];
  title: AnyNodeSpec['title'];
  description: AnyNodeSpec['description'];
  icon: string;
  /** Fixed ports, or the config list whose items' `key`s are the ports. */
  ports: string[] | PortsFromConfig;
  portTitles: Record<string, AnyNodeSpec['title']>;
  waits: boolean;
  /** Set on entries: where the event type, the sources and the re-entry rule are in the config. */
  trigger: TriggerSpec | null;
  /** Set on conversion nodes: `true`, or the ports that convert. */
  goal: true | { ports: string[] } | null;
  /** The card's one line, a template over the config per language (`renderNodeSummary` renders it). */
  summaryTemplate: AnyNodeSpec['title'] | null;
  /** JSON Schema of the config; enum fields carry their option labels in `x-option-titles`. */
  configSchema: Record<string, unknown>;
  defaultConfig: unknown;
}

/** Describes a node type for the API's `/node-types` and for the editor palette. */
export function describeNodeType(spec: AnyNodeSpec): NodeTypeDescription {
  const defaults = spec.config.safeParse({});
  return {
    type: spec.type,
    stage: spec.stage,
    title: spec.title,
    description: spec.description,
    icon: spec.icon,
    ports: 'fromConfig' in spec.ports ? { ...spec.ports } : [...spec.ports],
    portTitles: { ...(spec.portTitles as Record<string, AnyNodeSpec['title']>) },
    waits: spec.waits ?? false,
    trigger: spec.trigger ?? null,
    goal: spec.goal === undefined ? null : spec.goal === true ? true : { ports: [...spec.goal.ports] },
    summaryTemplate: spec.summaryTemplate ?? null,
    configSchema: z.toJSONSchema(spec.config, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
    defaultConfig: defaults.success ? defaults.data : defaultsOf(spec.config),
  };
}

/** Defaults for a config whose required fields have no default: the defaulted fields only. */
function defaultsOf(schema: z.ZodType): Record<string, unknown> {
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape;
  const out: Record<string, unknown> = {};
  if (!shape) return out;
  for (const [key, fieldSchema] of Object.entries(shape)) {
    const parsed = fieldSchema.safeParse(undefined);
    if (parsed.success && parsed.data !== undefined) out[key] = parsed.data;
  }
  return out;
}
