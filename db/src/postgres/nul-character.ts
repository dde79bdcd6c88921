import { UnstorableValue } from '../port/errors.ts';

/**
 * PostgreSQL's text and jsonb cannot hold U+0000 (SQLite's can). These find where such a character
 * sits in what a statement was given, so the store can name the field instead of answering with the
 * server's "invalid byte sequence for encoding UTF8: 0x00".
 */

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

const member = (key: string) => (IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`);

/** The path to the first U+0000 inside a JSON value (`''` for the value itself), or null when it has none. */
export function nulPathInValue(value: unknown): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? '' : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const path = nulPathInValue(item);
      if (path !== null) return `[${i}]${path}`;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) return member(key);
      const path = nulPathInValue(item);
      if (path !== null) return `${member(key)}${path}`;
    }
  }
  return null;
}

/**
 * The path to the first U+0000 in a bound value: a string holding one (`''`), JSON text whose data holds
 * one (JSON.stringify writes it as `\u0000`), or an array of either (`[3].note`); null when none.
 */
export function nulPathInParameter(value: unknown): string | null {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const path = nulPathInParameter(item);
      if (path !== null) return `[${i}]${path}`;
    }
    return null;
  }
  if (typeof value !== 'string') return null;
  if (value.includes('\u0000')) return '';
  if (!value.includes('\\u0000')) return null;
  try {
    return nulPathInValue(JSON.parse(value));
  } catch {
    return null;
  }
}

/** The index of the comma-separated item of the parenthesised list that starts at `open` which holds `at`. */
function itemAt(text: string, open: number, at: number): number | null {
  let depth = 0;
  let item = 0;
  for (let i = open; i < text.length && i <= at; i++) {
    const c = text[i];
    if (c === "'") {
      i = text.indexOf("'", i + 1);
      if (i < 0) return null;
    } else if (c === '(') {
      depth++;
    } else if (c === ')') {
      depth--;
      if (depth === 0) item = 0;
    } else if (c === ',' && depth === 1) {
      item++;
    }
  }
  return depth >= 1 ? item : null;
}

/**
 * The column a statement's `$n` is written to, read off its text: `column = $n` (updates, filters) or
 * the position of `$n` in `INSERT INTO table (columns) VALUES (…)`; the table and `$n` when neither fits.
 */
export function columnOfParameter(text: string, n: number): string {
  const at = text.search(new RegExp(`\\$${n}(?!\\d)`));
  const table = /^\s*(?:INSERT\s+INTO|UPDATE)\s+"?(\w+)"?/i.exec(text)?.[1];
  const prefix = table ? `${table}.` : '';
  if (at < 0) return `${prefix}$${n}`;
  const assigned = /"?(\w+)"?\s*=\s*$/.exec(text.slice(0, at))?.[1];
  if (assigned) return `${prefix}${assigned}`;
  const insert = /INSERT\s+INTO\s+"?\w+"?\s*\(([^)]*)\)\s*VALUES\s*/i.exec(text);
  if (insert && at > insert.index + insert[0].length) {
    const columns = insert[1]!.split(',').map((c) => c.trim().replaceAll('"', ''));
    const item = itemAt(text, insert.index + insert[0].length, at);
    if (item !== null && columns[item]) return `${prefix}${columns[item]}`;
  }
  return `${prefix}$${n}`;
}

/**
 * The error for a statement PostgreSQL refused over a U+0000 in its values: the first value holding one,
 * named by `fields` (one per value) when given, else by the column it fills. Null when none holds one.
 */
export function unstorableParameter(statement: { text: string; values: readonly unknown[]; fields?: readonly string[] | undefined }, cause: unknown): UnstorableValue | null {
  for (const [i, value] of statement.values.entries()) {
    const path = nulPathInParameter(value);
    if (path === null) continue;
    return unstorableValue(`${statement.fields?.[i] ?? columnOfParameter(statement.text, i + 1)}${path}`, cause);
  }
  return null;
}

/** The error for a U+0000 at `field`. */
export function unstorableValue(field: string, cause?: unknown): UnstorableValue {
  return new UnstorableValue(field, `${field}: PostgreSQL cannot store the character U+0000 (NUL); remove it and send again`, cause === undefined ? undefined : { cause });
}
