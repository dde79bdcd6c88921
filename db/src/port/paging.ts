/**
 * Keyset paging for every list the store answers: `after` is the key of the last item of the previous
 * page (in the list's own order), and `next` the key to ask for the following page, null at the end.
 *
 * @example
 * ```ts
 * const first = await store.journeys.list({}, { limit: 50 });
 * const second = first.next === null ? null : await store.journeys.list({}, { limit: 50, after: first.next });
 * ```
 */
export interface PageQuery<K extends string | number = string> {
  limit: number;
  after?: K | undefined;
}

export interface Page<T, K extends string | number = string> {
  items: T[];
  next: K | null;
}

/**
 * A page from rows fetched with `limit + 1`: the extra row only tells that there is more.
 *
 * @example
 * ```ts
 * keysetPage(rowsFetchedWithLimitPlusOne, query.limit, (row) => row.id);
 * ```
 */
export function keysetPage<T, K extends string | number>(rows: T[], limit: number, keyOf: (row: T) => K): Page<T, K> {
  if (rows.length <= limit) return { items: rows, next: null };
  const items = rows.slice(0, limit);
  return { items, next: keyOf(items.at(-1)!) };
}
