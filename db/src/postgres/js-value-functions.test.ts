import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type PostgresTestDatabase } from './test-database.ts';

// js_string / js_number (migration 0001_js_value_functions) against JavaScript's own String() and
// Number() of the value JSON.parse gives for the same JSON text.

let database: PostgresTestDatabase;
beforeAll(async () => (database = await createTestDatabase()));
afterAll(() => database?.drop());

interface Evaluated {
  string: string | null;
  number: number | null;
}

/** js_string and js_number of each JSON text, in one round trip. */
async function evaluate(jsonTexts: readonly string[]): Promise<Evaluated[]> {
  const { rows } = await database.pool.query<Evaluated>(
    `SELECT js_string(v::jsonb) AS string, js_number(v::jsonb) AS number
     FROM unnest($1::text[]) WITH ORDINALITY AS input(v, i) ORDER BY i`,
    [jsonTexts],
  );
  return rows;
}

/**
 * What JavaScript says; NaN is NULL, and the sign of zero (which no comparison sees) is dropped. An object
 * counts as an ordinary one: its keys are data, so `{"toString": 1}` is '[object Object]' (String() would
 * throw on it).
 */
function expected(jsonText: string): Evaluated {
  const value: unknown = JSON.parse(jsonText, (_key, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? {} : v));
  const number = Number(value);
  return { string: String(value), number: Number.isNaN(number) ? null : number === 0 ? 0 : number };
}

async function expectSameAsJavaScript(jsonTexts: readonly string[]): Promise<void> {
  const actual = (await evaluate(jsonTexts)).map((row) => ({ ...row, number: row.number === 0 ? 0 : row.number }));
  expect(actual.map((row, i) => ({ json: jsonTexts[i], ...row }))).toEqual(jsonTexts.map((json) => ({ json, ...expected(json) })));
}

/** PostgreSQL text (and so jsonb) cannot hold U+0000; nothing stored in the PostgreSQL store has it. */
const storable = (json: string) => !json.includes('\\u0000');

const JS_WHITE_SPACE = ['\t', '\n', '\v', '\f', '\r', ' ', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff'];
/** Not white space to JavaScript (U+180E left Unicode's Zs; U+200B never was in it). */
const NOT_WHITE_SPACE = ['\u180e', '\u200b', '\u0085'];

/** Strings that look more or less like numbers: each piece is something StringToNumber reads or refuses. */
const numberLikeString = fc
  .array(
    fc.oneof(
      fc.constantFrom('', '+', '-', '.', 'e', 'E', 'e+', 'e-', '0x', '0X', '0o', '0b', '0B', 'Infinity', 'infinity', 'NaN', '_', ',', 'n'),
      fc.constantFrom(...JS_WHITE_SPACE, ...NOT_WHITE_SPACE),
      fc.stringMatching(/^[0-9]{1,25}$/),
      fc.stringMatching(/^[0-9a-fA-F]{1,20}$/),
      fc.integer({ min: -400, max: 400 }).map(String),
      fc.double({ noNaN: true }).map(String),
    ),
    { maxLength: 6 },
  )
  .map((pieces) => pieces.join(''));

/** JSON number literals, including ones past a double's range and with more digits than it keeps. */
const jsonNumberLiteral = fc
  .tuple(
    fc.boolean(),
    fc.stringMatching(/^(0|[1-9][0-9]{0,30})$/),
    fc.option(fc.stringMatching(/^[0-9]{1,30}$/), { nil: undefined }),
    fc.option(fc.tuple(fc.constantFrom('e', 'E', 'e+', 'e-', 'E-'), fc.integer({ min: 0, max: 420 })), { nil: undefined }),
  )
  .map(([negative, int, frac, exp]) => `${negative ? '-' : ''}${int}${frac === undefined ? '' : `.${frac}`}${exp ? `${exp[0]}${exp[1]}` : ''}`);

describe('js_string and js_number on PostgreSQL', () => {
  it('agree with String() and Number() on any JSON value', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.jsonValue({ stringUnit: 'grapheme', maxDepth: 3 }).map((v) => JSON.stringify(v)).filter(storable), { maxLength: 100 }), (texts) =>
        expectSameAsJavaScript(texts),
      ),
      { numRuns: 60 },
    );
  });

  it('agree on doubles of every magnitude', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)), { minLength: 1, maxLength: 200 }), (texts) =>
        expectSameAsJavaScript(texts),
      ),
      { numRuns: 50 },
    );
  });

  it('agree on large doubles, whose shortest digits JavaScript may take from the rounding boundary', async () => {
    const large = fc.oneof(fc.double({ min: 2 ** 53, max: 1e41, noNaN: true }), fc.bigInt({ min: 2n ** 53n, max: 10n ** 24n }).map(Number));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(large, fc.boolean()).map(([d, negative]) => JSON.stringify(negative ? -d : d)), { minLength: 1, maxLength: 200 }), (texts) =>
        expectSameAsJavaScript(texts),
      ),
      { numRuns: 50 },
    );
  });

  it('agree on JSON number literals, past the range and precision of a double too', async () => {
    await fc.assert(fc.asyncProperty(fc.array(jsonNumberLiteral, { minLength: 1, maxLength: 200 }), (texts) => expectSameAsJavaScript(texts)), {
      numRuns: 50,
    });
  });

  it('agree on strings that look like numbers, with any white space around them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(numberLikeString.map((s) => JSON.stringify(s)), { minLength: 1, maxLength: 200 }), (texts) => expectSameAsJavaScript(texts)),
      { numRuns: 80 },
    );
  });

  it('agree on the edges', async () => {
    const halfMinDenormal = '2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324';
    await expectSameAsJavaScript([
      ...['0', '-0', '1', '-1.5', '0.1', '1e21', '1e-7', '1e-6', '123456789012345680000', '1e+300', '5e-324', '1.7976931348623157e308'],
      ...['1.7976931348623158e308', '1.7976931348623159e308', '1e400', '-1e400', '1e-400', '-1e-400', halfMinDenormal, `${halfMinDenormal.replace('e-324', '1e-324')}`],
      ...['140259123888324200', '-285435865523534800', '580000000003000000', '9007199254740993', '0.30000000000000004', '1.0', '100', '1e2', '12345678901234567890123'],
      ...['true', 'false', 'null', '{}', '{"a":1}', '{"toString":""}', '[{"valueOf":1,"toString":2}]', '[]', '[null]', '[[]]', '[1,[2,[3,null]],"x"]', '[true,{}]', '["5"]', '[" 5 "]', '[5,6]'],
      ...['""', '" "', '"\\u3000 12 \\n"', '"0x1F"', '"0XfF"', '"-0x1F"', '"0o17"', '"0b101"', '"0b"', '"0x"', '"1_000"'],
      ...['"Infinity"', '"-Infinity"', '"+Infinity"', '"infinity"', '"5."', '".5"', '"."', '"5.e3"', '"1e"', '"+.5e-3"', '"1e99999999999"', '"1e-99999999999"'],
      ...[`"0x${'f'.repeat(256)}"`, `"0x${'f'.repeat(300)}"`, `"0x1${'0'.repeat(13)}1"`, `"0x2${'0'.repeat(12)}1"`, `"0b1${'0'.repeat(52)}11"`],
      ...[`"0.${'0'.repeat(2000)}1e2001"`, `"${'9'.repeat(400)}"`, '"١٢"', '"１２"'],
    ]);
  });
});
