import { sqliteDialect } from './sqlite-sql.ts';
import type Database from 'better-sqlite3';
import { sql, type SQL } from 'drizzle-orm';
import type { SegmentDefinition, SegmentRule } from '@journey/nodes';
import { NUMERIC_OPS, numericBound, segmentConditionSql, type SegmentSqlDialect } from '../sql/segment-condition.ts';

/** A JSON value as `json_each` reports it (`type`, `value`), back as the JavaScript value `JSON.parse` gives. */
function jsonValue(type: string, value: unknown): unknown {
  if (type === 'true') return true;
  if (type === 'false') return false;
  if (type === 'null') return null;
  return type === 'array' || type === 'object' ? JSON.parse(String(value)) : value;
}

/**
 * Registers the SQL functions segment conditions use on a connection: `js_string(type, value)` and
 * `js_number(type, value)` give `String(v)` and `Number(v)` (null for NaN) of a `json_each` value, so
 * attribute comparisons in SQL mean exactly what they mean in the condition node.
 */
export function registerSegmentFunctions(sqlite: Database.Database): void {
  sqlite.function('js_string', { deterministic: true }, (type: unknown, value: unknown) => String(jsonValue(String(type), value)));
  sqlite.function('js_number', { deterministic: true }, (type: unknown, value: unknown) => {
    const n = Number(jsonValue(String(type), value));
    return Number.isNaN(n) ? null : n;
  });
}

const never = sql`0`;

function attributeSql(rule: Extract<SegmentRule, { kind: 'attribute' }>): SQL {
  const has = (test: SQL) =>
    sql`EXISTS (SELECT 1 FROM json_each(contacts.attributes) a WHERE a.key = ${rule.key} AND a.type <> 'null' AND ${test})`;
  const expected = String(rule.value);
  switch (rule.op) {
    case 'exists':
      return has(sql`1`);
    case 'not_exists':
      return sql`NOT ${has(sql`1`)}`;
    case 'eq':
      return has(sql`js_string(a.type, a.value) = ${expected}`);
    case 'neq':
      return sql`NOT ${has(sql`js_string(a.type, a.value) = ${expected}`)}`;
    case 'contains': {
      const inArray = sql`(a.type = 'array' AND EXISTS (SELECT 1 FROM json_each(a.value) i WHERE js_string(i.type, i.value) = ${expected}))`;
      return has(rule.value === undefined ? inArray : sql`(${inArray} OR (a.type = 'text' AND instr(a.value, ${expected}) > 0))`);
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const bound = numericBound(rule);
      return bound === null ? never : has(sql`js_number(a.type, a.value) ${sql.raw(NUMERIC_OPS[rule.op])} ${bound}`);
    }
  }
}

const sqliteSegmentSql: SegmentSqlDialect = { attribute: attributeSql, never, jsonEquals: sqliteDialect.jsonEquals };

/**
 * The `WHERE` condition over `contacts` that selects a segment's contacts at `now` in SQLite
 * (`segmentConditionSql`, attribute rules over `json_each`). Needs `registerSegmentFunctions` on the connection.
 *
 * @example
 * ```ts
 * sql`SELECT count(*) FROM contacts WHERE ${sqliteSegmentCondition(definition, now)}`;
 * ```
 */
export function sqliteSegmentCondition(definition: SegmentDefinition, now: number): SQL {
  return segmentConditionSql(definition, now, sqliteSegmentSql);
}
