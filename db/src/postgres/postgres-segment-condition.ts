import { postgresDialect } from './postgres-sql.ts';
import type { SegmentDefinition, SegmentRule } from '@journey/nodes';
import { sql, type SQL } from 'drizzle-orm';
import { NUMERIC_OPS, numericBound, segmentConditionSql, type SegmentSqlDialect } from '../sql/segment-condition.ts';

const never = sql`false`;

/**
 * An attribute rule over jsonb, rule for rule as the SQLite store's over `json_each`: `js_string(v)` and
 * `js_number(v)` (migration 0001) are String(v) and Number(v) of the JSON value, so comparisons mean
 * what they mean in the condition node.
 */
function attributeSql(rule: Extract<SegmentRule, { kind: 'attribute' }>): SQL {
  const has = (test: SQL) =>
    sql`EXISTS (SELECT 1 FROM (SELECT contacts.attributes -> ${rule.key} AS v) a WHERE jsonb_typeof(a.v) <> 'null' AND ${test})`;
  const expected = String(rule.value);
  switch (rule.op) {
    case 'exists':
      return has(sql`true`);
    case 'not_exists':
      return sql`NOT ${has(sql`true`)}`;
    case 'eq':
      return has(sql`js_string(a.v) = ${expected}`);
    case 'neq':
      return sql`NOT ${has(sql`js_string(a.v) = ${expected}`)}`;
    case 'contains': {
      // CASE, not AND: only CASE keeps jsonb_array_elements from ever seeing a value that is not an array.
      const inArray = sql`CASE WHEN jsonb_typeof(a.v) = 'array' THEN EXISTS (SELECT 1 FROM jsonb_array_elements(a.v) i(v) WHERE js_string(i.v) = ${expected}) ELSE false END`;
      return has(rule.value === undefined ? inArray : sql`(${inArray} OR (jsonb_typeof(a.v) = 'string' AND strpos(a.v #>> '{}', ${expected}) > 0))`);
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const bound = numericBound(rule);
      return bound === null ? never : has(sql`js_number(a.v) ${sql.raw(NUMERIC_OPS[rule.op])} ${bound}`);
    }
  }
}

const postgresSegmentSql: SegmentSqlDialect = { attribute: attributeSql, never, jsonEquals: postgresDialect.jsonEquals };

/**
 * The `WHERE` condition over `contacts` that selects a segment's contacts at `now` in PostgreSQL
 * (`segmentConditionSql`, attribute rules over jsonb with `js_string` / `js_number`).
 *
 * @example
 * ```ts
 * sql`SELECT count(*) FROM contacts WHERE ${postgresSegmentCondition(definition, now)}`;
 * ```
 */
export function postgresSegmentCondition(definition: SegmentDefinition, now: number): SQL {
  return segmentConditionSql(definition, now, postgresSegmentSql);
}
