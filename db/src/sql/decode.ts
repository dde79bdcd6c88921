/**
 * Column values as both drivers return them, to the records' types: SQLite gives JSON as text and
 * booleans as 0/1, PostgreSQL gives jsonb as objects and booleans as booleans.
 */

/** A JSON column's value. */
export function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** A JSON column's value, null kept. */
export function jsonOrNull<T>(value: unknown): T | null {
  return value === null || value === undefined ? null : json<T>(value);
}

/** A boolean column's (or a boolean expression's) value. */
export function bool(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't';
}

/** A JSON value to bind for a JSON column. */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}
