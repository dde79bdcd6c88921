import type { SegmentDefinition, SegmentRule } from '@journey/nodes';
import type { Dialect } from './context.ts';
import { sql, type SQL } from 'drizzle-orm';

const DAY_MS = 86_400_000;

/** SQL comparison for the numeric operators (fixed strings, never user input). */
export const NUMERIC_OPS = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/** The number a numeric attribute rule compares with, or null when it has none (then nothing matches). */
export function numericBound(rule: Extract<SegmentRule, { kind: 'attribute' }>): number | null {
  const bound = Number(rule.value);
  return rule.value === undefined || Number.isNaN(bound) ? null : bound;
}

/** What a store's segment SQL brings itself: attribute rules (over its JSON), and a condition that never holds. */
export interface SegmentSqlDialect {
  /** The condition of one attribute rule over `contacts.attributes`, meaning what the condition node means. */
  attribute(rule: Extract<SegmentRule, { kind: 'attribute' }>): SQL;
  never: SQL;
  /** See `Dialect.jsonEquals`. */
  jsonEquals: Dialect['jsonEquals'];
}

function membershipSql(rule: Extract<SegmentRule, { kind: 'membership' }>, now: number, never: SQL): SQL {
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

function ruleSql(rule: SegmentRule, now: number, dialect: SegmentSqlDialect): SQL {
  switch (rule.kind) {
    case 'tag': {
      const tagged = sql`EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = contacts.id AND t.tag = ${rule.tag})`;
      return rule.op === 'has' ? tagged : sql`NOT ${tagged}`;
    }
    case 'attribute':
      return dialect.attribute(rule);
    case 'membership':
      return membershipSql(rule, now, dialect.never);
    case 'balance': {
      const balance = sql`coalesce((SELECT l.balance_after FROM ledger_entries l WHERE l.contact_id = contacts.id ORDER BY l.id DESC LIMIT 1), 0)`;
      return sql`${balance} ${sql.raw(NUMERIC_OPS[rule.op])} ${rule.amount}`;
    }
    case 'behaviour': {
      const properties = Object.entries(rule.properties ?? {}).map(([key, value]) => sql`AND ${dialect.jsonEquals(sql`e.properties`, key, value)}`);
      const count = sql`(SELECT count(*) FROM events e WHERE e.contact_id = contacts.id AND e.type = ${rule.event}
        AND e.timestamp >= ${now - rule.days * DAY_MS} ${sql.join(properties, sql` `)})`;
      return sql`${count} ${sql.raw(rule.op === 'did' ? '>=' : '<')} ${rule.count}`;
    }
    case 'event_count': {
      const since = rule.withinDays === undefined ? sql`` : sql`AND e.timestamp >= ${now - rule.withinDays * DAY_MS}`;
      const count = sql`(SELECT count(*) FROM events e WHERE e.contact_id = contacts.id AND e.type = ${rule.event} ${since})`;
      return sql`${count} ${sql.raw(rule.op === 'at_least' ? '>=' : '<=')} ${rule.count}`;
    }
  }
}

/**
 * The `WHERE` condition over `contacts` that selects a segment's contacts at `now`: correlated, indexed
 * sub-queries for tags, membership, balance and event counts (the same SQL on both stores), attribute
 * rules in the store's own JSON functions; every rule value a bound parameter.
 *
 * @example
 * ```ts
 * sql`SELECT count(*) FROM contacts WHERE ${segmentConditionSql(definition, now, sqliteSegmentSql)}`;
 * ```
 */
export function segmentConditionSql(definition: SegmentDefinition, now: number, dialect: SegmentSqlDialect): SQL {
  const parts = definition.rules.map((rule) => sql`(${ruleSql(rule, now, dialect)})`);
  return sql`(${sql.join(parts, sql.raw(definition.match === 'all' ? ' AND ' : ' OR '))})`;
}
