import { sql, type SQL } from 'drizzle-orm';

/**
 * A select list that names each column by its record field: `{ journeyId: 'journey_id' }` selects
 * `journey_id AS "journeyId"`, so rows come back shaped like the records on both stores.
 *
 * @example
 * ```ts
 * const JOURNEY = selectList({ id: 'id', publishedVersion: 'published_version' });
 * await exec.all(sql`SELECT ${JOURNEY} FROM journeys`);
 * ```
 */
export function selectList(columns: Record<string, string>, table?: string): SQL {
  const prefix = table ? `${table}.` : '';
  return sql.raw(
    Object.entries(columns)
      .map(([field, column]) => `${prefix}${column} AS "${field}"`)
      .join(', '),
  );
}

/**
 * `column = value` assignments for the fields of `patch` that are set, by the same field-to-column map.
 *
 * @example
 * ```ts
 * sql`UPDATE users SET ${sql.join(assignments(USER_COLUMNS, { name: 'Li' }), sql`, `)} WHERE id = ${id}`;
 * ```
 */
export function assignments(columns: Record<string, string>, patch: Record<string, unknown>): SQL[] {
  return Object.entries(patch)
    .filter(([field, value]) => value !== undefined && field in columns)
    .map(([field, value]) => sql`${sql.raw(columns[field]!)} = ${value}`);
}
