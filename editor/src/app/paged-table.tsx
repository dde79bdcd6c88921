import { Button, Empty, Table, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';

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
