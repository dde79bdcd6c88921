import fc from 'fast-check';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { createTestApp, skeletonGraph } from './test-support.ts';

/**
 * Property-based fuzzing of every route the OpenAPI document describes (issue #14): requests built
 * from the document's own parameter and body schemas — valid-looking values, values of the wrong kind
 * at any level, unknown and missing fields, bodies nested deeper than allowed, malformed path ids and
 * query strings, bodies that are not JSON. Every answer must be below 500, every refusal must have the
 * error shape, and a refused request must leave every stored row as it was.
 *
 * Seeded and bounded, so a run is repeatable and short: `FUZZ_SEED` and `FUZZ_RUNS` change them.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 14);
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

/** A schema of the document (OpenAPI 3.0 writes JSON Schema with `nullable`): zod's own type for them. */
type Schema = z.core.JSONSchema.JSONSchema;

/** A schema where the document may also hold `true` (anything) or `false`. */
const asSchema = (schema: z.core.JSONSchema._JSONSchema | z.core.JSONSchema._JSONSchema[] | undefined): Schema =>
  Array.isArray(schema) ? asSchema(schema[0]) : typeof schema === 'object' ? schema : {};

interface Operation {
  servers?: { url: string }[];
  parameters?: { name: string; in: 'path' | 'query'; required?: boolean; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** One request the fuzzer sends. */
interface FuzzRequest {
  path: string;
  body?: string;
  contentType?: string;
}

const anyJson = fc.jsonValue({ maxDepth: 3 });

/** Objects and arrays nested 20–60 levels deep around a value: over and under the 32 the API takes. */
const deepJson = fc.tuple(fc.integer({ min: 20, max: 60 }), anyJson).map(([depth, inner]) => {
  let value: unknown = inner;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
});

/** Anything at all in place of a value: JSON of any kind, deep nesting, the numbers JSON cannot carry well. */
const wrongValue = fc.oneof(
  { weight: 4, arbitrary: anyJson },
  { weight: 1, arbitrary: deepJson },
  { weight: 1, arbitrary: fc.constantFrom('0x1', '1e999', '', ' ', '\u0000', '\ud800', '..', 'a/b', -1, 1e308, 2 ** 53 + 1, 0.1 + 0.2) },
);

/**
 * The JSON text of `value` with one of its values (the `pick`-th, in document order) replaced by arrays
 * nested 10,000 deep — written as text, since such a value built in JS would overflow the stack of
 * whatever walks it.
 */
function withDeepValue(value: unknown, pick: number): string {
  const deep = '['.repeat(10_000) + ']'.repeat(10_000);
  const slots: { parent: Record<string | number, unknown>; key: string | number }[] = [];
  const walk = (node: unknown) => {
    if (node === null || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node)) {
      slots.push({ parent: node as Record<string, unknown>, key: Array.isArray(node) ? Number(key) : key });
      walk(child);
    }
  };
  const copy = structuredClone(value);
  walk(copy);
  if (slots.length === 0) return deep;
  const { parent, key } = slots[pick % slots.length]!;
  parent[key] = '\u0000deep';
  return JSON.stringify(copy).replace('"\\u0000deep"', deep);
}

/** Strings matching a schema pattern (lookaheads are left to a filter: the generator has none). */
function matching(pattern: string, minLength: number, maxLength: number): fc.Arbitrary<string> {
  const full = new RegExp(pattern, 'u');
  const withoutLookarounds = new RegExp(pattern.replace(/\(\?<?[!=][^)]*\)/g, ''), 'u');
  return fc
    .stringMatching(withoutLookarounds)
    .filter((s) => full.test(s) && s.length >= minLength && s.length <= maxLength);
}

/** Values of a schema's shape, often valid, with a wrong value at any level now and then. */
function fromSchema(schema: Schema, doc: OpenApiDocument, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 8) return fc.constant(null);
  return fc.oneof({ weight: 20, arbitrary: shaped(schema, doc, depth) }, { weight: 1, arbitrary: wrongValue });
}

function shaped(schema: Schema, doc: OpenApiDocument, depth: number): fc.Arbitrary<unknown> {
  // A schema's default is a value it takes, often one random generation would not find (a time zone).
  if (schema.default !== undefined) return fc.oneof(fc.constant(schema.default), shapedAnew({ ...schema, default: undefined }, doc, depth));
  return shapedAnew(schema, doc, depth);
}

function shapedAnew(schema: Schema, doc: OpenApiDocument, depth: number): fc.Arbitrary<unknown> {
  if (schema.$ref) return fromSchema(doc.components.schemas[schema.$ref.split('/').pop()!] ?? {}, doc, depth);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const branches = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (branches) return fc.oneof(...branches.map((b) => fromSchema(b, doc, depth + 1)));
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 40, 40);
  switch (type) {
    case 'string':
      if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.format === 'uri') return fc.webUrl();
      if (schema.format === 'email') return fc.oneof(fc.emailAddress(), fc.stringMatching(/^[a-z]{1,8}@[a-z]{1,8}\.(com|cn)$/));
      if (schema.pattern) return matching(schema.pattern, minLength, schema.maxLength ?? 200);
      return fc.string({ minLength, maxLength: Math.max(minLength, maxLength), unit: 'grapheme' });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 100_000 });
    case 'number':
      return fc.oneof(
        fc.integer({ min: Math.ceil(schema.minimum ?? -1000), max: Math.floor(Math.min(schema.maximum ?? 100_000, 100_000)) }),
        fc.double({ min: schema.minimum ?? -1000, max: Math.min(schema.maximum ?? 100_000, 100_000), noNaN: true }),
      );
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(fromSchema(asSchema(schema.items), doc, depth + 1), {
        minLength: Math.min(schema.minItems ?? 0, 3),
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    case 'object':
      return objectOf(schema, doc, depth);
    default:
      return anyJson;
  }
}

/** An object of the schema's properties: required ones mostly there, now and then one missing or one unknown. */
function objectOf(schema: Schema, doc: OpenApiDocument, depth: number): fc.Arbitrary<unknown> {
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0) {
    const values = typeof schema.additionalProperties === 'object' ? fromSchema(schema.additionalProperties, doc, depth + 1) : anyJson;
    return fc.dictionary(fc.string({ maxLength: 12 }), values, { maxKeys: 3 });
  }
  const record = fc.record(
    Object.fromEntries(properties.map(([key, property]) => [key, fromSchema(asSchema(property), doc, depth + 1)])),
    { requiredKeys: schema.required ?? [] },
  ) as fc.Arbitrary<Record<string, unknown>>;
  return fc.oneof(
    { weight: 18, arbitrary: record },
    { weight: 1, arbitrary: fc.tuple(record, fc.string({ minLength: 1, maxLength: 10 }), anyJson).map(([o, key, value]) => ({ ...o, [key]: value })) },
    {
      weight: 1,
      arbitrary: fc.tuple(record, fc.constantFrom(...properties.map(([key]) => key))).map(([o, key]) => {
        const { [key]: _dropped, ...rest } = o;
        return rest;
      }),
    },
  );
}

/** A path segment: an id of the path's resource that exists, another one, a plausible one, or one no server should take. */
function segment(own: readonly string[], known: readonly string[]): fc.Arbitrary<string> {
  const encoded = (s: string) => {
    try {
      return encodeURIComponent(s);
    } catch {
      return '%ED%A0%80';
    }
  };
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...(own.length ? own : known)) },
    { weight: 1, arbitrary: fc.constantFrom(...known) },
    { weight: 2, arbitrary: fc.stringMatching(/^[a-z]{2,4}_[0-9A-Z]{1,26}$/) },
    { weight: 2, arbitrary: fc.string({ maxLength: 30, unit: 'binary' }).filter((s) => s.length > 0).map(encoded) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%E0%A4%A', '%ED%A0%80', '..', '%2e%2e', 'a%2Fb', '%00', 'x'.repeat(300), '%20', '+') },
  );
}

/** Every request of one operation: path ids, a query string and a body, from its schemas. */
function requests(path: string, method: string, op: Operation, doc: OpenApiDocument, ids: Readonly<Record<string, string[]>>): fc.Arbitrary<FuzzRequest> {
  const root = op.servers?.some((s) => s.url === '/') ? '' : '/api';
  const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
  const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
  const own = ids[path.split('/')[1]!] ?? [];
  const pathArb = fc.tuple(...pathParams.map(() => segment(own, Object.values(ids).flat()))).map((values) => {
    let filled = path;
    pathParams.forEach((p, i) => (filled = filled.replace(`{${p.name}}`, values[i]!)));
    return `${root}${filled}`;
  });
  const queryValue = (schema: Schema) =>
    fc.oneof({ weight: 6, arbitrary: shaped(schema, doc, 0).map(String) }, { weight: 1, arbitrary: fc.string({ maxLength: 20, unit: 'grapheme' }) });
  const queryArb = fc
    .tuple(
      fc.tuple(...queryParams.map((p) => fc.option(queryValue(p.schema).map((v) => [p.name, v] as const), { nil: undefined, freq: 2 }))),
      fc.oneof(
        { weight: 5, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 })) },
      ),
    )
    .map(([known, unknown]) => {
      const pairs = [...known.filter((p) => p !== undefined), ...(unknown ? [unknown] : [])];
      return pairs.length ? `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}` : '';
    });
  const bodySchema = op.requestBody?.content['application/json']?.schema;
  const body = bodySchema ? fromSchema(bodySchema, doc) : anyJson;
  const bodyArb: fc.Arbitrary<Pick<FuzzRequest, 'body' | 'contentType'>> =
    ['post', 'put', 'patch'].includes(method)
      ? fc.oneof(
          { weight: 8, arbitrary: body.map((v) => ({ body: JSON.stringify(v) ?? 'null' })) },
          { weight: 1, arbitrary: fc.tuple(body, fc.nat()).map(([v, pick]) => ({ body: withDeepValue(v, pick) })) },
          { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((body) => ({ body })) },
          { weight: 1, arbitrary: fc.constantFrom({ body: 'a=1', contentType: 'text/plain' }, { body: '{}', contentType: 'application/xml' }, {}) },
        )
      : fc.constant({});
  return fc.tuple(pathArb, queryArb, bodyArb).map(([p, q, body]) => ({ path: `${p}${q}`, ...body }));
}

/** An app with one of each thing a path can name, so requests reach the handlers, not only 404s. */
async function seededApp() {
  const t = await createTestApp();
  const journey = (await t.call('POST', '/api/journeys', { name: 'fuzz', graph: skeletonGraph() })).body.id as string;
  const live = (await t.call('POST', '/api/journeys', { name: 'live', graph: skeletonGraph() })).body.id as string;
  await t.call('POST', `/api/journeys/${live}/publish`, {});
  await t.call('POST', `/api/journeys/${live}/enroll`, { contactIds: ['c1'] });
  await t.call('POST', '/api/contacts', { id: 'c1', name: '小王', attributes: { city: '杭州' }, tags: ['vip'] });
  await t.call('POST', '/api/plans', { id: 'gold', name: '金卡', kind: 'card', price: 199, tier: 'gold', durationDays: 365 });
  const segment = (await t.call('POST', '/api/segments', { name: 'vip', rules: [{ kind: 'tag', tag: 'vip' }] })).body.id as string;
  const user = (await t.call('POST', '/api/users', { email: 'fuzz@example.com', role: 'viewer' })).body.user.id as string;
  const key = (await t.call('POST', '/api/api-keys', { name: 'fuzz', scope: 'ingest' })).body.apiKey.id as string;
  const run = (await t.call('GET', `/api/journeys/${live}/runs`)).body.items[0]?.id as string;
  const ids: Record<string, string[]> = { journeys: [journey, live], contacts: ['c1'], segments: [segment], users: [user], 'api-keys': [key], runs: [run] };
  return { t, ids };
}

const { t: documentApp } = await seededApp();
const doc = (await documentApp.call('GET', '/api/openapi.json')).body as OpenApiDocument;
const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));

describe('every route of the OpenAPI document, fuzzed', () => {
  it('describes enough routes to be worth fuzzing', () => {
    expect(operations.length).toBeGreaterThanOrEqual(45);
  });

  it.each(operations.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o] as const))(
    '%s: never a 500, refusals in the error shape, nothing stored on a refusal',
    async (_, { path, method, op }) => {
      const { t, ids } = await seededApp();
      // A refused sign-in is counted (login_failures): that count is what the refusal is for.
      const stored = async () => ({ ...(await t.snapshot()), login_failures: undefined });
      await fc.assert(
        fc.asyncProperty(requests(path, method, op, doc, ids), async (request) => {
          const before = await stored();
          const res = await t.call(method.toUpperCase(), request.path, request.body, request.contentType ? { 'Content-Type': request.contentType } : {});
          expect(res.status, `${method} ${request.path}`).toBeLessThan(500);
          if (res.status < 400) return;
          expect(res.headers.get('Content-Type')).toMatch(/application\/json/);
          // Segment's routes also say `success: false`, as Segment's clients read it.
          const segment = request.path.startsWith('/api/v1/') ? { success: false } : {};
          expect(res.body).toEqual({ ...segment, error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
          for (const detail of res.body.error.code === 'invalid_request' ? res.body.error.details : []) expect(Array.isArray(detail.path)).toBe(true);
          expect(await stored()).toEqual(before);
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    },
  );
});
