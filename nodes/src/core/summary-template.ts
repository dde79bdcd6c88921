import type { Locale, LocalizedText } from './define-node.ts';
import type { Duration } from './duration.ts';
import { vocabularyTitle } from './vocabulary.ts';

/**
 * Card summaries are logic-less templates over a node's config, one per language, so the editor can
 * show any node type's card — built-in or custom — from what `GET /api/node-types` serves. The syntax
 * is the content templates' (`{{name}}`, `{{name | fallback}}`) plus Mustache-style sections and four
 * named formats:
 *
 * | tag | renders |
 * |---|---|
 * | `{{plan}}`, `{{reward.amount}}` | the value; a list of values joined with `, ` |
 * | `{{name \| 未命名}}` | the fallback text when the value is empty |
 * | `{{rules.length}}` | the number of items in a list |
 * | `{{label channel}}` | an enum value's option label (the field's `options`), in the card's language |
 * | `{{event event}}` | an event type's name in the vocabulary (`contact.acquired` → 新客引流), or the type as it is |
 * | `{{duration timeout}}` | a duration: `2 天 3 小时` / `2 d 3 h` |
 * | `{{host url}}` | a URL's host, or the text as typed |
 * | `{{?sources}}…{{/sources}}` | the inside when the value is present (not empty, not `false`) |
 * | `{{?mode=time_of_day}}…{{/mode}}` | the inside when the value equals `time_of_day` |
 * | `{{^sources}}…{{/sources}}`, `{{^mode=time_of_day}}…{{/mode}}` | the inside otherwise |
 * | `{{#variants " / "}}…{{/variants}}` | the inside once per list item, the item's fields in scope (`{{.}}` is the item), joined by the quoted text (`, ` without) |
 *
 * The result is trimmed; nothing is evaluated.
 *
 * @example
 * ```ts
 * renderSummary('{{?sources}}来源: {{sources.length}} 个渠道{{/sources}}{{^sources}}事件: {{event event}}{{/sources}}',
 *   { event: 'order.paid', sources: [] }, { locale: 'zh-CN' }); // "事件: 支付订单"
 * ```
 */
export function renderSummary(template: string, config: unknown, options: SummaryOptions): string {
  return renderParts(parseSummaryTemplate(template), [{ value: config, schema: options.schema }], options.locale).trim();
}

/** What a summary is rendered with besides the config. */
export interface SummaryOptions {
  locale: Locale;
  /** The config's JSON Schema, where `{{label …}}` finds option labels (`x-option-titles`). */
  schema?: JsonSchemaNode | undefined;
}

/** The parts of a JSON Schema the summary renderer walks. */
export interface JsonSchemaNode {
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  'x-option-titles'?: Record<string, LocalizedText>;
}

/**
 * A node card's one line in `locale`, from a node type as the API describes it and a config that
 * passed its schema (defaults applied); `undefined` when the type has no summary or it renders empty
 * (the card then shows the type's description).
 *
 * @example
 * ```ts
 * const goal = describeNodeType(goalSpec);
 * renderNodeSummary(goal, { name: '首单' }, 'en'); // "Goal: 首单"
 * ```
 */
export function renderNodeSummary(
  description: { summaryTemplate: LocalizedText | null; configSchema: Record<string, unknown> },
  config: unknown,
  locale: Locale,
): string | undefined {
  const template = description.summaryTemplate?.[locale];
  if (!template) return undefined;
  return renderSummary(template, config, { locale, schema: description.configSchema as JsonSchemaNode }) || undefined;
}

/** A summary template that cannot be read; `defineNode` throws it so the author sees it at once. */
export class SummaryTemplateError extends Error {
  override readonly name = 'SummaryTemplateError';
}

type Part =
  | { kind: 'text'; text: string }
  | { kind: 'value'; path: string; fallback?: string }
  | { kind: 'format'; format: Format; path: string }
  | { kind: 'section'; mode: '?' | '^' | '#'; path: string; equals?: string; separator: string; body: Part[] };

const FORMATS = ['label', 'event', 'duration', 'host'] as const;
type Format = (typeof FORMATS)[number];

const PATH = '(?:\\.|[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_]+)*)';
const TAG = /\{\{([^}]*)\}\}/g;
const VALUE = new RegExp(`^\\s*(${PATH})\\s*(?:\\|([^}]*))?$`);
const FORMATTED = new RegExp(`^\\s*([a-z]+)\\s+(${PATH})\\s*$`);
const OPEN = new RegExp(`^([?^#])\\s*(${PATH})\\s*(?:=\\s*([^\\s"]+))?\\s*(?:"([^"]*)")?\\s*$`);
const CLOSE = new RegExp(`^/\\s*(${PATH})\\s*$`);

const parsed = new Map<string, Part[]>();

/**
 * Parses a summary template (cached).
 * @throws SummaryTemplateError naming the tag at fault
 */
export function parseSummaryTemplate(template: string): Part[] {
  const cached = parsed.get(template);
  if (cached) return cached;
  const root: Part[] = [];
  const open: { path: string; body: Part[] }[] = [{ path: '', body: root }];
  let at = 0;
  for (const match of template.matchAll(TAG)) {
    const body = open[open.length - 1]!.body;
    if (match.index > at) body.push({ kind: 'text', text: template.slice(at, match.index) });
    at = match.index + match[0].length;
    const tag = match[1]!;
    const section = OPEN.exec(tag);
    const close = CLOSE.exec(tag);
    const formatted = FORMATTED.exec(tag);
    const value = VALUE.exec(tag);
    if (section) {
      const [, mode, path, equals, separator] = section;
      if (mode === '#' && equals !== undefined) throw new SummaryTemplateError(`${match[0]}: a list section cannot compare a value`);
      const part: Part = { kind: 'section', mode: mode as '?' | '^' | '#', path: path!, separator: separator ?? ', ', body: [] };
      if (equals !== undefined) part.equals = equals;
      body.push(part);
      open.push({ path: path!, body: part.body });
    } else if (close) {
      const current = open.pop()!;
      if (open.length === 0 || current.path !== close[1]) {
        throw new SummaryTemplateError(`${match[0]} closes ${current.path ? `{{${current.path}}}` : 'no section'}`);
      }
    } else if (formatted) {
      const format = formatted[1] as Format;
      if (!FORMATS.includes(format)) throw new SummaryTemplateError(`${match[0]}: unknown format "${format}" (use ${FORMATS.join(', ')})`);
      body.push({ kind: 'format', format, path: formatted[2]! });
    } else if (value) {
      const part: Part = { kind: 'value', path: value[1]! };
      if (value[2] !== undefined) part.fallback = value[2].trim();
      body.push(part);
    } else {
      throw new SummaryTemplateError(`${match[0]} is not a summary tag`);
    }
  }
  if (open.length > 1) throw new SummaryTemplateError(`{{${open[open.length - 1]!.path}}} is never closed`);
  if (at < template.length) root.push({ kind: 'text', text: template.slice(at) });
  parsed.set(template, root);
  return root;
}

interface Scope {
  value: unknown;
  schema: JsonSchemaNode | undefined;
}

function renderParts(parts: readonly Part[], scopes: readonly Scope[], locale: Locale): string {
  let out = '';
  for (const part of parts) {
    if (part.kind === 'text') {
      out += part.text;
      continue;
    }
    const { value, schema } = resolve(scopes, part.path);
    if (part.kind === 'value') {
      const text = show(value);
      out += text === '' ? (part.fallback ?? '') : text;
    } else if (part.kind === 'format') {
      out += format(part.format, value, schema, locale);
    } else if (part.mode === '#') {
      const items = Array.isArray(value) ? value : present(value) ? [value] : [];
      const itemSchema = Array.isArray(value) ? schema?.items : schema;
      out += items.map((item) => renderParts(part.body, [...scopes, { value: item, schema: itemSchema }], locale)).join(part.separator);
    } else {
      const holds = part.equals === undefined ? present(value) : isScalar(value) && String(value) === part.equals;
      if (holds === (part.mode === '?')) out += renderParts(part.body, scopes, locale);
    }
  }
  return out;
}

/** The value at `path`, looked up from the innermost scope out, with its schema. */
function resolve(scopes: readonly Scope[], path: string): Scope {
  if (path === '.') return scopes[scopes.length - 1]!;
  const [first, ...rest] = path.split('.');
  for (let i = scopes.length - 1; i >= 0; i--) {
    const scope = scopes[i]!;
    if (!isObject(scope.value) || !Object.hasOwn(scope.value, first!)) continue;
    let value: unknown = scope.value[first!];
    let schema = propertySchema(scope.schema, first!);
    for (const key of rest) {
      if (!isObject(value) || !Object.hasOwn(value, key)) return { value: undefined, schema: undefined };
      value = value[key];
      schema = propertySchema(schema, key);
    }
    return { value, schema };
  }
  return { value: undefined, schema: undefined };
}

function propertySchema(schema: JsonSchemaNode | undefined, key: string): JsonSchemaNode | undefined {
  if (!schema) return undefined;
  if (schema.properties?.[key]) return schema.properties[key];
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    const found = propertySchema(branch, key);
    if (found) return found;
  }
  return undefined;
}

function format(name: Format, value: unknown, schema: JsonSchemaNode | undefined, locale: Locale): string {
  switch (name) {
    case 'label': {
      if (!isScalar(value)) return show(value);
      return schema?.['x-option-titles']?.[String(value)]?.[locale] ?? String(value);
    }
    case 'event':
      return isScalar(value) ? vocabularyTitle('event', String(value), locale) : show(value);
    case 'duration':
      return isObject(value) ? formatDuration(durationParts(value))[locale] : show(value);
    case 'host': {
      const text = show(value);
      try {
        return new URL(text).host;
      } catch {
        return text;
      }
    }
  }
}

/**
 * A duration for people, its zero parts left out.
 *
 * @example formatDuration({ days: 2, hours: 3, minutes: 0, seconds: 0 }) // { 'zh-CN': '2 天 3 小时', en: '2 d 3 h' }
 */
export function formatDuration(d: Duration): LocalizedText {
  const parts: [number, string, string][] = [
    [d.days, '天', 'd'],
    [d.hours, '小时', 'h'],
    [d.minutes, '分钟', 'min'],
    [d.seconds, '秒', 's'],
  ];
  const shown = parts.filter(([n]) => n > 0);
  if (shown.length === 0) return { 'zh-CN': '0 秒', en: '0 s' };
  return {
    'zh-CN': shown.map(([n, zh]) => `${n} ${zh}`).join(' '),
    en: shown.map(([n, , en]) => `${n} ${en}`).join(' '),
  };
}

function durationParts(value: Record<string, unknown>): Duration {
  const part = (key: keyof Duration) => (typeof value[key] === 'number' ? value[key] : 0);
  return { days: part('days'), hours: part('hours'), minutes: part('minutes'), seconds: part('seconds') };
}

function show(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(show).filter((s) => s !== '').join(', ');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function present(value: unknown): boolean {
  return !(value === undefined || value === null || value === false || value === '' || (Array.isArray(value) && value.length === 0));
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
