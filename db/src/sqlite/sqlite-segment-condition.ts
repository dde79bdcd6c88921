import type Database from 'better-sqlite3';
import { sql, type SQL } from 'drizzle-orm';
import type { SegmentDefinition, SegmentRule } from '@journey/nodes';

const DAY_MS = 86_400_000;

/** SQL comparison for the numeric attribute operators (fixed strings, never user input). */
const NUMERIC_OPS = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

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
      const bound = Number(rule.value);
      if (rule.value === undefined || Number.isNaN(bound)) return never;
      return has(sql`js_number(a.type, a.value) ${sql.raw(NUMERIC_OPS[rule.op])} ${bound}`);
    }
  }
}

function membershipSql(rule: Extract<SegmentRule, { kind: 'membership' }>, now: number): SQL {
  const activeCard = (extra: SQL) =>
    sql`EXISTS (SELECT 1 FROM memberships m WHERE m.contact_id = contacts.id AND m.status = 'active' AND m.expires_at > ${now} ${extra})`;
  switch (rule.op) {
    case 'active':
      return activeCard(sql``);
    case 'none':
      return sql`NOT ${activeCard(sql``)}`;
    case 'tier':
      return rule.tier === undefined ? never : activeCard(sql`AND m.tier = ${rule.tier}`);
    case 'expires_within':
      return activeCard(sql`AND m.expires_at - ${now} <= ${(rule.days ?? 0) * DAY_MS}`);
  }
}

function ruleSql(rule: SegmentRule, now: number): SQL {
  switch (rule.kind) {
    case 'tag': {
      const tagged = sql`EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = contacts.id AND t.tag = ${rule.tag})`;
      return rule.op === 'has' ? tagged : sql`NOT ${tagged}`;
    }
    case 'attribute':
      return attributeSql(rule);
    case 'membership':
      return membershipSql(rule, now);
    case 'balance': {
      const balance = sql`coalesce((SELECT l.balance_after FROM ledger_entries l WHERE l.contact_id = contacts.id ORDER BY l.id DESC LIMIT 1), 0)`;
      return sql`${balance} ${sql.raw(NUMERIC_OPS[rule.op])} ${rule.amount}`;
    }
    case 'event_count': {
      const since = rule.withinDays === undefined ? sql`` : sql`AND e.timestamp >= ${now - rule.withinDays * DAY_MS}`;
      const count = sql`(SELECT count(*) FROM events e WHERE e.contact_id = contacts.id AND e.type = ${rule.event} ${since})`;
      return sql`${count} ${sql.raw(rule.op === 'at_least' ? '>=' : '<=')} ${rule.count}`;
    }
  }
}

/**
 * The `WHERE` condition over `contacts` that selects a segment's contacts at `now` in SQLite: correlated,
 * indexed sub-queries for tags, membership, balance and event counts; every rule value a bound
 * parameter. Needs `registerSegmentFunctions` on the connection.
 *
 * @example
 * ```ts
 * sql`SELECT count(*) FROM contacts WHERE ${sqliteSegmentCondition(definition, now)}`;
 * ```
 */
export function sqliteSegmentCondition(definition: SegmentDefinition, now: number): SQL {
  const parts = definition.rules.map((rule) => sql`(${ruleSql(rule, now)})`);
  return sql`(${sql.join(parts, sql.raw(definition.match === 'all' ? ' AND ' : ' OR '))})`;
}
