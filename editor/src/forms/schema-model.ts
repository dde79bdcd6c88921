import type { Locale } from '@journey/nodes';

/**
 * The part of JSON Schema (draft 2020-12, as `z.toJSONSchema` writes it) the config form reads,
 * plus the form metadata `field()` attaches (`x-title-zh`, `x-help-zh`, `x-widget`).
 */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  'x-title-zh'?: string;
  'x-help-zh'?: string;
  'x-widget'?: string;
  /** The channel whose carrier's templates the field names (or the sibling field holding it), and the field holding their variables (`templatesOf`). */
  'x-templates-of'?: { channel: string; variables: string } | { channelField: string; variables: string };
  'x-visible-when'?: { field: string; equals: string[] };
  /** An enum's option labels, as the node type serves them. */
  'x-option-titles'?: Record<string, Record<Locale, string>>;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  additionalProperties?: JsonSchema | boolean;
}

/** How a config field is edited. */
export type FieldKind =
  | 'text'
  | 'template'
  | 'json-template'
  | 'event'
  | 'time'
  | 'number'
  | 'boolean'
  | 'select'
  | 'channel'
  | 'source-list'
  | 'tag-list'
  | 'tag'
  | 'plan'
  | 'duration'
  | 'object'
  | 'record'
  | 'object-list'
  | 'scalar'
  | 'json';

const WIDGET_KINDS: Record<string, FieldKind> = {
  channel: 'channel',
  'source-list': 'source-list',
  'tag-list': 'tag-list',
  tag: 'tag',
  template: 'template',
  'json-template': 'json-template',
  'event-type': 'event',
  'time-of-day': 'time',
  plan: 'plan',
};

const DURATION_PARTS = ['days', 'hours', 'minutes', 'seconds'];
const SCALAR_TYPES = new Set(['string', 'number', 'integer', 'boolean']);

const typeOf = (schema: JsonSchema) => (Array.isArray(schema.type) ? schema.type[0] : schema.type);

/**
 * The editor for a field: its `x-widget` when it names one, else what its JSON Schema shape calls for.
 * A shape the form cannot edit field by field is edited as JSON (`json`), so every config stays editable.
 *
 * @example
 * ```ts
 * fieldKind({ type: 'array', items: { type: 'string' }, 'x-widget': 'source-list' }); // "source-list"
 * fieldKind({ type: 'object', properties: { days: {}, hours: {}, minutes: {}, seconds: {} } }); // "duration"
 * ```
 */
export function fieldKind(schema: JsonSchema): FieldKind {
  const widget = schema['x-widget'] && WIDGET_KINDS[schema['x-widget']];
  if (widget) return widget;
  if (schema.enum) return 'select';
  if (schema.anyOf?.every((s) => SCALAR_TYPES.has(typeOf(s) ?? ''))) return 'scalar';
  switch (typeOf(schema)) {
    case 'string':
      return 'text';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'object': {
      const keys = Object.keys(schema.properties ?? {});
      if (keys.length === DURATION_PARTS.length && DURATION_PARTS.every((k) => keys.includes(k))) return 'duration';
      if (keys.length > 0) return 'object';
      return typeof schema.additionalProperties === 'object' ? 'record' : 'json';
    }
    case 'array': {
      const items = schema.items ?? {};
      if (typeOf(items) === 'string' && !items.enum) return 'tag-list';
      if (typeOf(items) === 'object' || items.oneOf) return 'object-list';
      return 'json';
    }
    default:
      return 'json';
  }
}

/**
 * Whether a field is shown for the object it is in: fields with `x-visible-when` only while the
 * named sibling has one of the listed values (a wait's time of day only in time-of-day mode). A
 * sibling the stored config leaves out has its default (`objectSchema`'s), as the runtime reads it.
 *
 * @example
 * ```ts
 * isVisible(rule.properties.days, {}, rule); // true: `within` defaults to "days"
 * ```
 */
export function isVisible(schema: JsonSchema, object: Record<string, unknown>, objectSchema?: JsonSchema): boolean {
  const when = schema['x-visible-when'];
  if (!when) return true;
  const value = object[when.field] ?? objectSchema?.properties?.[when.field]?.default;
  return when.equals.includes(value as string);
}

/**
 * Each item's share of the total `weight`, in whole percent (A/B variants); 0 for all when the
 * weights add up to nothing.
 *
 * @example
 * ```ts
 * weightShares([{ weight: 1 }, { weight: 3 }]); // [25, 75]
 * ```
 */
export function weightShares(items: readonly unknown[]): number[] {
  const weights = items.map((i) => {
    const weight = (i as { weight?: unknown } | null)?.weight;
    return typeof weight === 'number' && weight > 0 ? weight : 0;
  });
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => (total > 0 ? Math.round((w / total) * 100) : 0));
}

/** The field's label in `locale`, or `undefined` when the schema has none. */
export function fieldTitle(schema: JsonSchema, locale: Locale): string | undefined {
  return locale === 'zh-CN' ? (schema['x-title-zh'] ?? schema.title) : (schema.title ?? schema['x-title-zh']);
}

/** The label of enum option `value` in `locale`: the one the schema serves, else `undefined`. */
export function optionTitle(schema: JsonSchema, value: unknown, locale: Locale): string | undefined {
  return schema['x-option-titles']?.[String(value)]?.[locale];
}

/** The field's help text in `locale`, if any. */
export function fieldHelp(schema: JsonSchema, locale: Locale): string | undefined {
  return locale === 'zh-CN' ? (schema['x-help-zh'] ?? schema.description) : (schema.description ?? schema['x-help-zh']);
}

/**
 * A starting value for a new field or list item: the schema's default, else the emptiest value of
 * its type; objects get their required and defaulted properties.
 */
export function defaultValue(schema: JsonSchema): unknown {
  if (schema.default !== undefined) return structuredClone(schema.default);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.oneOf?.[0]) return defaultValue(schema.oneOf[0]);
  switch (typeOf(schema)) {
    case 'string':
      return '';
    case 'number':
    case 'integer':
      return schema.minimum ?? 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        if (property.default !== undefined || schema.required?.includes(key)) out[key] = defaultValue(property);
      }
      return out;
    }
    default:
      return undefined;
  }
}

/** The branches of a `oneOf` told apart by one property with a `const` in each (e.g. rules by `kind`). */
export interface TaggedUnion {
  discriminator: string;
  branches: { tag: string; schema: JsonSchema }[];
}

/** The tagged union a list item schema describes, or `undefined` when it is a plain object. */
export function taggedUnion(schema: JsonSchema): TaggedUnion | undefined {
  const branches = schema.oneOf ?? schema.anyOf;
  if (!branches?.length) return undefined;
  const first = branches[0]!;
  const discriminator = Object.keys(first.properties ?? {}).find((key) =>
    branches.every((b) => typeof b.properties?.[key]?.const === 'string'),
  );
  if (!discriminator) return undefined;
  return {
    discriminator,
    branches: branches.map((b) => ({ tag: b.properties![discriminator]!.const as string, schema: b })),
  };
}

/** The schema that describes `item`: its union branch by tag, or `schema` itself. */
export function itemSchema(schema: JsonSchema, item: unknown): JsonSchema {
  const union = taggedUnion(schema);
  if (!union) return schema;
  const tag = (item as Record<string, unknown> | null)?.[union.discriminator];
  return union.branches.find((b) => b.tag === tag)?.schema ?? union.branches[0]!.schema;
}

/** A copy of `object` with `key` set, or removed when `value` is `undefined`. */
export function withField(object: unknown, key: string, value: unknown): Record<string, unknown> {
  const base = object && typeof object === 'object' && !Array.isArray(object) ? (object as Record<string, unknown>) : {};
  const { [key]: _dropped, ...rest } = base;
  return value === undefined ? rest : { ...rest, [key]: value };
}

/** The key errors are filed under for a config path, e.g. `rules.0.tag`; the whole config is `""`. */
export function pathKey(path: readonly (string | number)[]): string {
  return path.join('.');
}

/**
 * The value typed into a field that takes a string, a number or a boolean: `"12"` is 12, `"true"` is
 * true, anything else stays text.
 */
export function parseScalar(text: string): string | number | boolean {
  const trimmed = text.trim();
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  return text;
}

/**
 * A new item for a list of objects. Items with a string `key` (which name output ports, as A/B
 * variants do) get the first free letter, so the new port is unique at once.
 *
 * @example
 * ```ts
 * newListItem(variantSchema, [{ key: 'a' }, { key: 'b' }]); // { key: 'c', label: '', weight: 0 }
 * ```
 */
export function newListItem(schema: JsonSchema, items: readonly unknown[]): unknown {
  const item = defaultValue(schema);
  if (typeOf(schema.properties?.key ?? {}) !== 'string') return item;
  const used = new Set(items.map((i) => (i as { key?: unknown } | null)?.key));
  const letters = 'abcdefghijklmnopqrstuvwxyz'.split('');
  const key = letters.find((l) => !used.has(l)) ?? `v${items.length + 1}`;
  return withField(item, 'key', key);
}
