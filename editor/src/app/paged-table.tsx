import { Button, Empty, Table, type TableProps } from 'antd';
import { useCallback, useEffect, useState, type Dispatch, type SetStateAction } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorToast } from './use-error-toast.ts';

/** A cursor-paged list as a page holds it: the rows loaded so far, and whether the server has more. */
export interface PagedList<Item> {
  items: Item[];
  /** For rows changed in place (renamed, deleted) without reloading. */
  setItems: Dispatch<SetStateAction<Item[]>>;
  loading: boolean;
  hasMore: boolean;
  loadMore: () => void;
  /** From the first page again (after a filter changed, an import). */
  reload: () => void;
}

/**
 * Loads a cursor-paged API list (`{ items, nextCursor }`) page by page; `fetchPage` (memoized by the
 * caller) changing reloads from the first page. Errors show as a toast.
 *
 * @example
 * ```ts
 * const fetchPage = useCallback((cursor?: string) => api.messages({ ...filter, cursor }), [filter]);
 * const list = usePagedList(fetchPage);
 * ```
 */
export function usePagedList<Item>(fetchPage: (cursor?: string) => Promise<{ items: Item[]; nextCursor?: string | null }>): PagedList<Item> {
  const fail = useErrorToast();
  const [items, setItems] = useState<Item[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const load = useCallback(
    async (cursor?: string) => {
      setLoading(true);
      try {
        const page = await fetchPage(cursor);
        setItems((old) => (cursor ? [...old, ...page.items] : page.items));
        setNextCursor(page.nextCursor ?? null);
      } catch (error) {
        fail(error);
      } finally {
        setLoading(false);
      }
    },
    [fetchPage, fail],
  );
  useEffect(() => void load(), [load]);
  return {
    items,
    setItems,
    loading,
    hasMore: nextCursor !== null,
    loadMore: () => {
      if (nextCursor) void load(nextCursor);
    },
    reload: () => void load(),
  };
}

/**
 * A list page's table over a cursor-paged API list (`{ items, nextCursor }`): rows so far, an empty
 * state, and a "load more" button while the server has a next page.
 */
export function PagedTable<Row extends object>({
  emptyText,
  hasMore,
  onLoadMore,
  loading,
  ...table
}: Omit<TableProps<Row>, 'pagination' | 'locale'> & { emptyText: string; hasMore: boolean; onLoadMore: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      <Table<Row> {...table} loading={loading} pagination={false} locale={{ emptyText: <Empty description={emptyText} /> }} />
      {hasMore && (
        <div className="load-more">
          <Button onClick={onLoadMore} loading={Boolean(loading)}>
            {t('journeys.loadMore')}
          </Button>
        </div>
      )}
    </>
  );
}
