import { monotonicFactory } from 'ulid';

const ulid = monotonicFactory();

/**
 * A new id: a prefix and a ULID, so ids sort by creation time (cursor paging relies on it).
 *
 * @example newId('run') // "run_01JD2X…"
 */
export function newId(prefix: string): string {
  return `${prefix}_${ulid()}`;
}
