import type { AnyNodeSpec } from './define-node.ts';
import { durationMs, durationSchema } from './duration.ts';

/** How often one contact may enter a journey through an entry: once ever, again after the previous run ended, every time. */
export const REENTRY_MODES = ['once', 'after_exit', 'always'] as const;
export type ReentryMode = (typeof REENTRY_MODES)[number];

/**
 * Makes a node an entry: a contact enters the journey there when a matching event arrives. Each part
 * names the config field that holds it, or fixes it, so the runtime, validation, stats and the editor
 * read the same declaration for built-in and custom entries alike.
 *
 * @example
 * ```ts
 * // the built-in entry: everything from its config
 * trigger: { event: { field: 'event' }, sources: { field: 'sources' }, reentry: { field: 'reentry' } }
 * // a custom entry that always listens to one event and lets a contact in every time
 * trigger: { event: { type: 'mall.group_opened' }, reentry: { mode: 'always' } }
 * ```
 */
export interface TriggerSpec<Field extends string = string> {
  /** The event type that enrols: held by a config field, or fixed. */
  event: { field: Field } | { type: string };
  /**
   * Optional source filter: the config field listing the accepted values of the event property
   * `property` (default `source`); an empty list accepts every event of the type.
   */
  sources?: { field: Field; property?: string };
  /** The re-entry rule: held by a config field, or fixed; `once` when left out. */
  reentry?: { field: Field } | { mode: ReentryMode };
}

/** A node's trigger read from its config: what the runtime matches events against. */
export interface EntryTrigger {
  event: string;
  /** Accepted values of `properties[sourceProperty]`; empty accepts every event of the type. */
  sources: readonly string[];
  sourceProperty: string;
  reentry: ReentryMode;
}

/**
 * Leaving the node counts as a conversion (for stats and analytics): leaving by any port (`true`),
 * or by one of `ports` (a group that formed, not one that failed).
 */
export type GoalSpec<Port extends string = string> = true | { ports: readonly Port[] };

/** True when the node type is an entry (it declares a `trigger`). */
export function isEntrySpec(spec: Pick<AnyNodeSpec, 'trigger'> | undefined): boolean {
  return spec?.trigger !== undefined;
}

/**
 * The trigger of an entry node given its parsed config, or `undefined` when the type is not an entry
 * or its config holds no event type.
 *
 * @example
 * ```ts
 * triggerOf(entrySpec, { event: 'contact.acquired', sources: ['douyin_live'], reentry: 'once' });
 * // { event: 'contact.acquired', sources: ['douyin_live'], sourceProperty: 'source', reentry: 'once' }
 * ```
 */
export function triggerOf(spec: Pick<AnyNodeSpec, 'trigger'>, config: unknown): EntryTrigger | undefined {
  const trigger = spec.trigger;
  if (!trigger) return undefined;
  const values = (config ?? {}) as Record<string, unknown>;
  const event = 'type' in trigger.event ? trigger.event.type : values[trigger.event.field];
  if (typeof event !== 'string' || event === '') return undefined;
  const listed = trigger.sources ? values[trigger.sources.field] : undefined;
  const sources = Array.isArray(listed) ? listed.filter((s): s is string => typeof s === 'string') : [];
  const reentry = !trigger.reentry ? 'once' : 'mode' in trigger.reentry ? trigger.reentry.mode : values[trigger.reentry.field];
  return {
    event,
    sources,
    sourceProperty: trigger.sources?.property ?? 'source',
    reentry: REENTRY_MODES.includes(reentry as ReentryMode) ? (reentry as ReentryMode) : 'once',
  };
}

/**
 * True when an event enrols a contact through this trigger: its type is the trigger's event and, when
 * sources are listed, its source property is one of them.
 *
 * @example
 * ```ts
 * matchesTrigger(trigger, { type: 'contact.acquired', properties: { source: 'douyin_live' } }); // true
 * ```
 */
export function matchesTrigger(trigger: EntryTrigger, event: { type: string; properties: Record<string, unknown> }): boolean {
  if (event.type !== trigger.event) return false;
  return trigger.sources.length === 0 || trigger.sources.includes(String(event.properties[trigger.sourceProperty]));
}

/**
 * True when a run leaving a node of this type by `port` converts (the spec's `goal`).
 *
 * @example
 * ```ts
 * isConversion(goalSpec, 'out'); // true
 * isConversion(groupBuySpec, 'failed'); // false: its goal is { ports: ['formed'] }
 * ```
 */
export function isConversion(spec: Pick<AnyNodeSpec, 'goal'>, port: string): boolean {
  const goal = spec.goal;
  if (goal === undefined) return false;
  return goal === true || goal.ports.includes(port);
}

/** Which steps convert: leaving a node of `nodeType` by one of `ports` (any port when null). */
export interface GoalPorts {
  nodeType: string;
  ports: readonly string[] | null;
}

/**
 * The converting ports of every node type that declares a goal, as stats and analytics count them.
 *
 * @example
 * ```ts
 * goalPortsOf(registry.list()); // [{ nodeType: 'goal', ports: null }, { nodeType: 'group-buy/group_buy', ports: ['formed'] }]
 * ```
 */
export function goalPortsOf(specs: readonly Pick<AnyNodeSpec, 'type' | 'goal'>[]): GoalPorts[] {
  return specs.flatMap((spec) => (spec.goal === undefined ? [] : [{ nodeType: spec.type, ports: spec.goal === true ? null : spec.goal.ports }]));
}

/**
 * The shortest a waiting node parks a run, where its config decides it: the duration (a
 * `durationSchema` value) in config field `field`, counted only while the config field `when.field`
 * holds one of `when.equals` (a wait in duration mode; in time-of-day mode it always lasts).
 *
 * @example
 * ```ts
 * minimumWait: { field: 'timeout' } // wait_event: without the event, the timeout
 * minimumWait: { field: 'duration', when: { field: 'mode', equals: ['duration'] } } // wait
 * ```
 */
export interface MinimumWaitSpec<Field extends string = string> {
  field: Field;
  when?: { field: Field; equals: readonly string[] };
}

/**
 * True when a waiting node, with this parsed config, may let the run go on at once: it declares a
 * `minimumWait` that comes to 0 s. False for a node that does not wait, or always waits a while.
 *
 * @example
 * ```ts
 * waitCanBeZero(waitSpec, { mode: 'duration', duration: { days: 0, hours: 0, minutes: 0, seconds: 0 } }); // true
 * ```
 */
export function waitCanBeZero(spec: Pick<AnyNodeSpec, 'waits' | 'minimumWait'>, config: unknown): boolean {
  const minimum = spec.minimumWait;
  if (!spec.waits || !minimum) return false;
  const values = (config ?? {}) as Record<string, unknown>;
  if (minimum.when && !minimum.when.equals.includes(values[minimum.when.field] as string)) return false;
  const duration = durationSchema.safeParse(values[minimum.field]);
  return duration.success && durationMs(duration.data) === 0;
}
