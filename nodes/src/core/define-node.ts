import { z } from 'zod';
import type { EventCountNeed } from './event-counts.ts';
import type { GoalSpec, MinimumWaitSpec, TriggerSpec } from './node-behaviour.ts';
import { parseSummaryTemplate, renderSummary, type JsonSchemaNode } from './summary-template.ts';
import type { Channel } from './vocabulary.ts';

/** A text shown to people, in every language the UI speaks. */
export interface LocalizedText {
  'zh-CN': string;
  en: string;
}

/** The UI languages. zh-CN is the default for new installs. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * The butterfly-model stage a node type belongs to; the palette groups node types by it.
 * `integration` and `any` hold the nodes that serve every stage.
 */
export const STAGES = ['acquire', 'operate', 'convert', 'refer', 'repurchase', 'integration', 'any'] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_TITLES: Record<Stage, LocalizedText> = {
  acquire: { 'zh-CN': '流量引入', en: 'Acquire' },
  operate: { 'zh-CN': '流量运营', en: 'Operate' },
  convert: { 'zh-CN': '交易转化', en: 'Convert' },
  refer: { 'zh-CN': '分享裂变', en: 'Refer' },
  repurchase: { 'zh-CN': '老客复购', en: 'Repurchase' },
  integration: { 'zh-CN': '系统集成', en: 'Integration' },
  any: { 'zh-CN': '通用', en: 'General' },
};

/**
 * The browser-safe half of a node type: everything the editor, the validator and the API need.
 * The server half (`defineExecutor`) is kept apart so the editor bundle never carries server code.
 */
export interface NodeSpec<
  Type extends string = string,
  Config extends z.ZodType = z.ZodType,
  Port extends string = string,
> {
  /** Unique type name, snake_case, as stored in the graph (`node.type`). */
  type: Type;
  stage: Stage;
  title: LocalizedText;
  description: LocalizedText;
  /** An icon name the editor knows (see editor `node-icons`), or a single emoji for custom nodes. */
  icon: string;
  /**
   * Validates `node.config`; its defaults fill a new node and its metadata drives the editor form.
   * Build its objects with `z.strictObject`, so a misspelt field is refused rather than dropped.
   */
  config: Config;
  /**
   * Output ports: a fixed list, or `{ fromConfig: field }` when they are the `key`s of the items of a
   * config list (as `ab_split`'s variants are). Declarative, so the editor can derive them for any type.
   */
  ports: readonly Port[] | PortsFromConfig;
  /** Names shown on the ports; a port without one shows its key. */
  portTitles?: Partial<Record<Port, LocalizedText>>;
  /**
   * Makes the node an entry: the event that enrols a contact (from a config field or fixed), an optional
   * source filter and the re-entry rule. An entry has no incoming edges; a journey needs one.
   */
  trigger?: TriggerSpec<ConfigField<Config>>;
  /** Leaving the node counts as a conversion: by any port (`true`) or by the listed ones. */
  goal?: GoalSpec<Port>;
  /** True when the node parks the run until a time or an event: every cycle must pass through one. */
  waits?: boolean;
  /**
   * True when the node sends messages to the contact: its executor then sees the contact's recent
   * marketing messages (`contact.messages`, for frequency caps) and opt-outs (`contact.optedOut`).
   */
  sends?: boolean;
  /**
   * How long the node parks a run at least, when its config decides it (a 0 s wait, an event wait
   * with a 0 s timeout): a cycle whose waiting nodes can all park for 0 s is refused like one without
   * any. Left out, the node always parks for a while.
   */
  minimumWait?: MinimumWaitSpec<ConfigField<Config>>;
  /**
   * The event counts the executor reads (`contact.eventCounts`), for the runtime to load before a run
   * of the journey steps: a behaviour condition's "did `event` N times in the last D days".
   */
  eventCounts?: (config: z.output<Config>) => EventCountNeed[];
  /**
   * The node card's one line, a logic-less template over the config per language (see
   * `renderSummary` for the syntax), e.g. `{ 'zh-CN': '等待 {{duration duration}}', en: 'Wait {{duration duration}}' }`.
   * Served by `GET /api/node-types`, so the editor shows custom nodes' cards like the built-ins'.
   */
  summaryTemplate?: LocalizedText;
  /**
   * The card line rendered from `summaryTemplate`, derived by `defineNode`.
   * @deprecated For the editor's bundled built-ins until it renders the served `summaryTemplate` with
   * `renderNodeSummary`; do not set it.
   */
  summary?: (config: z.output<Config>) => LocalizedText;
}

/**
 * Declares a node type. Built-in nodes use exactly this; so does a custom node. What the node is to
 * the engine is declared here too: `trigger` (an entry), `goal` (a conversion), `waits` (a waiting node).
 *
 * @example
 * ```ts
 * export const goalSpec = defineNode({
 *   type: 'goal', stage: 'any', icon: 'trophy', ports: ['out'], goal: true,
 *   title: { 'zh-CN': '转化目标', en: 'Goal' },
 *   description: { 'zh-CN': '记录一次转化', en: 'Marks a conversion' },
 *   config: z.strictObject({ name: z.string().min(1) }),
 * });
 * ```
 */
export function defineNode<const Type extends string, Config extends z.ZodType, const Port extends string>(
  spec: Omit<NodeSpec<Type, Config, Port>, 'summary'>,
): NodeSpec<Type, Config, Port> {
  const templates = spec.summaryTemplate;
  if (!templates) return spec;
  for (const locale of LOCALES) parseSummaryTemplate(templates[locale]);
  let schema: JsonSchemaNode | undefined;
  const render = (config: z.output<Config>, locale: Locale) => {
    schema ??= z.toJSONSchema(spec.config, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;
    return renderSummary(templates[locale], config, { locale, schema });
  };
  return { ...spec, summary: (config) => ({ 'zh-CN': render(config, 'zh-CN'), en: render(config, 'en') }) };
}

/** The names of a config schema's top-level fields. */
export type ConfigField<Config extends z.ZodType> = Extract<keyof z.output<Config>, string>;

/** Ports named by the `key` of each item of the config list `fromConfig`. */
export interface PortsFromConfig {
  fromConfig: string;
}

/** The ports of a node given its parsed config. */
export function portsOf(ports: readonly string[] | PortsFromConfig, config: unknown): readonly string[] {
  if (!('fromConfig' in ports)) return ports;
  const list = (config as Record<string, unknown> | undefined)?.[ports.fromConfig];
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown) => {
    const key = (item as { key?: unknown } | null)?.key;
    return typeof key === 'string' ? [key] : [];
  });
}

/** Any node spec, whatever its type parameters. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyNodeSpec = NodeSpec<string, z.ZodType<any, any>, string>;

/**
 * Form metadata of a config field: localized label, optional help, the editor widget to use, and the
 * labels of an enum's options.
 */
export interface FieldMeta<Value extends string = string> {
  /** The field's label; without one the editor falls back to its own words for the key. */
  title?: LocalizedText;
  help?: LocalizedText;
  widget?:
    | 'channel'
    | 'source-list'
    | 'tag-list'
    | 'tag'
    | 'template'
    | 'event-type'
    | 'time-of-day'
    | 'variants'
    | 'json-template'
    | 'rules'
    /** A membership plan, picked by name from the plans admins manage. */
    | 'plan';
  /**
   * Show the field only while a sibling field has one of these values, e.g. a wait's time of day
   * only in `time_of_day` mode: `{ field: 'mode', equals: ['time_of_day'] }`.
   */
  visibleWhen?: { field: string; equals: readonly string[] };
  /** Labels of an enum's (or a literal's) values, for selects and `{{label …}}` in card summaries. */
  options?: { [V in Value]: LocalizedText };
  /**
   * The field names a template of `channel`'s carrier (the `templates` of the plugin channel serving it),
   * or of the channel a sibling field holds (`channelField`, an enum of channel names): the form picks it
   * by name, and the sibling field `variables` (a `template` widget) gets an input per variable of the one
   * picked, written there one `key=value` a line.
   */
  templatesOf?: { channel: Channel; variables: string } | { channelField: string; variables: string };
}

/**
 * Attaches form metadata to a schema field. The editor reads it from the JSON Schema
 * (`title`, `x-title-zh`, `x-help`, `x-widget`, `x-visible-when`, `x-option-titles`, `x-templates-of`).
 *
 * @example
 * ```ts
 * mode: field(z.enum(['duration', 'time_of_day']).default('duration'), {
 *   title: { 'zh-CN': '等待方式', en: 'Wait mode' },
 *   options: { duration: { 'zh-CN': '等待一段时间', en: 'For a duration' }, time_of_day: { 'zh-CN': '等到某个时刻', en: 'Until a time of day' } },
 * }),
 * ```
 */
export function field<S extends z.ZodType>(schema: S, meta: FieldMeta<Extract<z.output<S>, string>>): S {
  return schema.meta({
    ...(meta.title ? { title: meta.title.en, 'x-title-zh': meta.title['zh-CN'] } : {}),
    ...(meta.help ? { description: meta.help.en, 'x-help-zh': meta.help['zh-CN'] } : {}),
    ...(meta.widget ? { 'x-widget': meta.widget } : {}),
    ...(meta.visibleWhen ? { 'x-visible-when': { field: meta.visibleWhen.field, equals: [...meta.visibleWhen.equals] } } : {}),
    ...(meta.options ? { 'x-option-titles': { ...meta.options } } : {}),
    ...(meta.templatesOf ? { 'x-templates-of': { ...meta.templatesOf } } : {}),
  }) as S;
}

const zhMessages = new Map<string, string>();

/**
 * A custom validation message in both languages. Returns the English text (what zod carries) and
 * remembers the Chinese one, which `translateMessage` finds again for the zh-CN UI.
 *
 * @example
 * ```ts
 * z.string().regex(/^\d+$/, localized({ en: 'Digits only', 'zh-CN': '只能填数字' }))
 * ```
 */
export function localized(text: LocalizedText): string {
  zhMessages.set(text.en, text['zh-CN']);
  return text.en;
}

/** The zh-CN text of a message made by `localized`, or `fallback`. */
export function translateMessage(en: string, fallback: string): string {
  return zhMessages.get(en) ?? fallback;
}
