import { abSplitSpec, conditionSpec, describeNodeType, entrySpec, waitSpec, webhookSpec, waitEventSpec } from '@journey/nodes';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { schemaIssues } from './config-issues.ts';
import {
  defaultValue,
  fieldHelp,
  fieldKind,
  fieldTitle,
  isVisible,
  itemSchema,
  newListItem,
  parseScalar,
  taggedUnion,
  withField,
  type JsonSchema,
} from './schema-model.ts';

const schemaOf = (spec: Parameters<typeof describeNodeType>[0]) => describeNodeType(spec).configSchema as JsonSchema;
const prop = (schema: JsonSchema, key: string) => schema.properties![key]!;

describe('fieldKind', () => {
  it('follows x-widget, then the shape of the schema', () => {
    const entry = schemaOf(entrySpec);
    expect(fieldKind(prop(entry, 'event'))).toBe('event');
    expect(fieldKind(prop(entry, 'sources'))).toBe('source-list');
    expect(fieldKind(prop(entry, 'reentry'))).toBe('select');
    const wait = schemaOf(waitSpec);
    expect(fieldKind(prop(wait, 'duration'))).toBe('duration');
    expect(fieldKind(prop(wait, 'timeOfDay'))).toBe('time');
    const webhook = schemaOf(webhookSpec);
    expect(fieldKind(prop(webhook, 'url'))).toBe('text');
    expect(fieldKind(prop(webhook, 'headers'))).toBe('record');
    expect(fieldKind(prop(webhook, 'timeoutMs'))).toBe('number');
    expect(fieldKind(prop(webhook, 'body'))).toBe('json-template');
    expect(fieldKind(prop(schemaOf(conditionSpec), 'rules'))).toBe('object-list');
    expect(fieldKind(prop(schemaOf(abSplitSpec), 'variants'))).toBe('object-list');
  });

  it('edits scalar unions as one value, unknown shapes as JSON', () => {
    expect(fieldKind({ anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] })).toBe('scalar');
    expect(fieldKind({ type: 'boolean' })).toBe('boolean');
    expect(fieldKind({ type: 'array', items: { type: 'string' } })).toBe('tag-list');
    expect(fieldKind({ type: 'array', items: { type: 'number' } })).toBe('json');
    expect(fieldKind({})).toBe('json');
  });
});

describe('fieldTitle and fieldHelp', () => {
  it('read the label and help of the UI language', () => {
    const sources = prop(schemaOf(entrySpec), 'sources');
    expect(fieldTitle(sources, 'zh-CN')).toBe('来源渠道');
    expect(fieldTitle(sources, 'en')).toBe('Sources');
    expect(fieldHelp(sources, 'zh-CN')).toBe('留空表示任意来源');
    expect(fieldTitle({ type: 'string' }, 'en')).toBeUndefined();
  });
});

describe('tagged unions', () => {
  const rules = prop(schemaOf(conditionSpec), 'rules').items!;

  it('finds the discriminator and branches of condition rules', () => {
    const union = taggedUnion(rules)!;
    expect(union.discriminator).toBe('kind');
    expect(union.branches.map((b) => b.tag)).toEqual(['tag', 'attribute', 'last_event', 'behaviour', 'membership', 'balance', 'offer']);
    expect(taggedUnion(prop(schemaOf(abSplitSpec), 'variants').items!)).toBeUndefined();
  });

  it('picks the branch of an item and builds a valid-shaped new item', () => {
    expect(Object.keys(itemSchema(rules, { kind: 'attribute' }).properties!)).toContain('value');
    const union = taggedUnion(rules)!;
    expect(defaultValue(union.branches[1]!.schema)).toEqual({ kind: 'attribute', key: '', op: 'eq' });
    expect(defaultValue(union.branches[0]!.schema)).toEqual({ kind: 'tag', op: 'has', tag: '' });
  });
});

describe('isVisible', () => {
  it('reads a left-out sibling as its default: a behaviour rule counts the last days unless told otherwise', () => {
    const behaviour = itemSchema(prop(schemaOf(conditionSpec), 'rules').items!, { kind: 'behaviour' });
    const days = prop(behaviour, 'days');
    expect(isVisible(days, { kind: 'behaviour', event: 'content.viewed' }, behaviour)).toBe(true);
    expect(isVisible(days, { kind: 'behaviour', within: 'journey' }, behaviour)).toBe(false);
    expect(isVisible(days, { kind: 'behaviour' })).toBe(false);
  });
});

describe('defaultValue', () => {
  it('uses schema defaults, cloned', () => {
    const wait = prop(schemaOf(waitEventSpec), 'timeout');
    const value = defaultValue(wait) as Record<string, number>;
    expect(value).toEqual({ days: 1, hours: 0, minutes: 0, seconds: 0 });
    value.days = 9;
    expect(defaultValue(wait)).toEqual({ days: 1, hours: 0, minutes: 0, seconds: 0 });
  });
});

describe('newListItem', () => {
  it('gives a new A/B variant the first free key', () => {
    const variant = prop(schemaOf(abSplitSpec), 'variants').items!;
    expect(newListItem(variant, [{ key: 'a' }, { key: 'b' }])).toEqual({ key: 'c', label: '', weight: 0 });
    expect(newListItem({ type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }, [])).toEqual({
      name: '',
    });
  });
});

describe('withField and parseScalar', () => {
  it('set and remove fields without touching the original', () => {
    const base = { a: 1, b: 2 };
    expect(withField(base, 'a', undefined)).toEqual({ b: 2 });
    expect(withField(base, 'c', 3)).toEqual({ a: 1, b: 2, c: 3 });
    expect(base).toEqual({ a: 1, b: 2 });
    expect(withField(undefined, 'x', 'y')).toEqual({ x: 'y' });
  });

  it('reads numbers and booleans, keeps other text', () => {
    expect(parseScalar('12')).toBe(12);
    expect(parseScalar('-1.5')).toBe(-1.5);
    expect(parseScalar('true')).toBe(true);
    expect(parseScalar('上海')).toBe('上海');
  });
});

describe('schemaIssues', () => {
  it('files errors under field paths, in the UI language', () => {
    const schema = z.strictObject({ rules: z.array(z.strictObject({ tag: z.string().min(1) })) });
    expect(schemaIssues(schema, { rules: [{ tag: '' }] }, 'zh-CN')).toEqual({ 'rules.0.tag': ['请填写此项'] });
    expect(schemaIssues(schema, { rules: [{ tag: '' }] }, 'en')).toEqual({ 'rules.0.tag': ['Please fill this in'] });
    expect(schemaIssues(schema, { rules: [] }, 'en')).toEqual({});
  });
});
