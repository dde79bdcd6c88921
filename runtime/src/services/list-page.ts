import type { Page, PageQuery } from '@journey/db';
import { InvalidInput } from '../domain-errors.ts';

/** What every list takes: `limit`, and the opaque `cursor` of the page before. */
export interface ListQuery {
  limit: number;
  cursor?: string | undefined;
}

/** What every list answers: `{ items, nextCursor }` (null on the last page). */
export interface ListPage<V> {
  items: V[];
  nextCursor: string | null;
}

function decodeCursor(cursor: string | undefined, kind: 'string' | 'number'): string | number | undefined {
  if (cursor === undefined) return undefined;
  try {
    const { k } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: unknown };
    if (typeof k === kind && (typeof k === 'string' || Number.isFinite(k))) return k as string | number;
  } catch {
    // falls through to the refusal
  }
  throw new InvalidInput('invalid_cursor', 'The cursor is not one this server gave out', [{ in: 'query', path: ['cursor'] }]);
}

const encodeCursor = (k: string | number) => Buffer.from(JSON.stringify({ k }), 'utf8').toString('base64url');

/**
 * The one list helper: turns `?limit=&cursor=` into the store's keyset page query, fetches, and answers
 * `{ items, nextCursor }` with each item shown by `view`. A cursor this server did not give out is
 * refused (`InvalidInput`).
 *
 * @example
 * ```ts
 * return listPage(query, 'string', (page) => store.journeys.list({}, page), toJourneyView);
 * ```
 */
export function listPage<T, V>(query: ListQuery, keyKind: 'string', fetch: (page: PageQuery<string>) => Promise<Page<T, string>>, view: (item: T) => V): Promise<ListPage<V>>;
export function listPage<T, V>(query: ListQuery, keyKind: 'number', fetch: (page: PageQuery<number>) => Promise<Page<T, number>>, view: (item: T) => V): Promise<ListPage<V>>;
export async function listPage<T, V>(
  query: ListQuery,
  keyKind: 'string' | 'number',
  fetch: (page: PageQuery<never>) => Promise<Page<T, string | number>>,
  view: (item: T) => V,
): Promise<ListPage<V>> {
  const page = await fetch({ limit: query.limit, after: decodeCursor(query.cursor, keyKind) as never });
  return { items: page.items.map(view), nextCursor: page.next === null ? null : encodeCursor(page.next) };
}
