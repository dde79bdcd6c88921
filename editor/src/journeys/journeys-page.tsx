import { ContainerOutlined, DashboardOutlined, DeleteOutlined, EditOutlined, CopyOutlined, MoreOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, type TableColumnsType } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Journey } from '../api/client.ts';
import { PageLayout } from '../app/page-layout.tsx';
import { PagedTable, usePagedList } from '../app/paged-table.tsx';
import { useErrorToast } from '../app/use-error-toast.ts';
import { navigate, routeHash } from '../app/router.ts';
import { useLocale } from '../i18n/i18n.ts';
import { CreateJourneyModal } from './create-journey-modal.tsx';
import { RenameJourneyModal } from './rename-journey-modal.tsx';
import { StatusTag } from './status-tag.tsx';
import { useRunCounts } from './use-run-counts.ts';

/**
 * The journey list: name, status, published version, contacts in it now, failed runs (a link to them
 * on the monitor) and last update; create (blank or from a template), open, monitor, rename,
 * duplicate, delete a draft and archive a journey that is not live, each destructive one confirmed.
 */
export function JourneysPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message, modal } = App.useApp();
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<Journey | null>(null);
  const fail = useErrorToast();
  const fetchPage = useCallback((cursor?: string) => api.listJourneys(cursor), []);
  const list = usePagedList(fetchPage);
  const { items: journeys, setItems: setJourneys } = list;
  const counts = useRunCounts(journeys);

  const remove = (journey: Journey) =>
    modal.confirm({
      title: t('journeys.deleteConfirm', { name: journey.name }),
      okText: t('common.delete'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await api.deleteJourney(journey.id);
          setJourneys((old) => old.filter((j) => j.id !== journey.id));
          void message.success(t('journeys.deleted'));
        } catch (error) {
          fail(error);
        }
      },
    });

  const archive = (journey: Journey) =>
    modal.confirm({
      title: t('list.archiveConfirm', { name: journey.name }),
      content: t('list.archiveHelp'),
      okText: t('list.archive'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api.archiveJourney(journey.id);
          setJourneys((old) => old.filter((j) => j.id !== journey.id));
          void message.success(t('list.archived'));
        } catch (error) {
          fail(error);
        }
      },
    });

  const duplicate = async (journey: Journey) => {
    try {
      const name = t('list.copyName', { name: journey.name }).slice(0, 200);
      const copy = await api.createJourney({ name, graph: journey.graph, settings: journey.settings });
      setJourneys((old) => [copy, ...old]);
      void message.success(t('list.duplicated', { name }));
    } catch (error) {
      fail(error);
    }
  };

  const dateFormat = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }), [locale]);
  const columns: TableColumnsType<Journey> = [
    {
      title: t('journeys.columnName'),
      dataIndex: 'name',
      render: (name: string, journey) => (
        <a href={routeHash({ page: 'journey', id: journey.id })} className="journey-name">
          {name}
        </a>
      ),
    },
    { title: t('journeys.columnStatus'), dataIndex: 'status', width: 110, render: (_, j) => <StatusTag status={j.status} /> },
    {
      title: t('journeys.columnVersion'),
      dataIndex: 'publishedVersion',
      width: 130,
      render: (version: number | null) =>
        version ? t('journeys.version', { version }) : <span className="muted">{t('journeys.notPublished')}</span>,
    },
    {
      title: t('list.columnActive'),
      key: 'active',
      width: 130,
      align: 'right',
      render: (_, journey) =>
        journey.status === 'draft' || counts[journey.id] === undefined ? (
          <span className="muted">—</span>
        ) : (
          <span data-testid="active-contacts">{counts[journey.id]!.active.toLocaleString(locale)}</span>
        ),
    },
    {
      title: t('list.columnFailed'),
      key: 'failed',
      width: 110,
      align: 'right',
      render: (_, journey) => {
        const failed = counts[journey.id]?.failed;
        if (failed === undefined) return <span className="muted">—</span>;
        if (failed === 0) return <span className="muted" data-testid="failed-runs">0</span>;
        return (
          <a href={routeHash({ page: 'monitor', id: journey.id, show: 'failed' })} className="failed-runs" data-testid="failed-runs" title={t('list.failedLink')}>
            {failed.toLocaleString(locale)}
          </a>
        );
      },
    },
    {
      title: t('journeys.columnUpdated'),
      dataIndex: 'updatedAt',
      width: 190,
      render: (at: string) => dateFormat.format(new Date(at)),
    },
    {
      key: 'actions',
      width: 210,
      align: 'right',
      render: (_, journey) => (
        <span className="journey-actions">
          <Button type="link" onClick={() => navigate({ page: 'journey', id: journey.id })}>
            {t('journeys.open')}
          </Button>
          {journey.status !== 'draft' && (
            <Button type="link" icon={<DashboardOutlined />} onClick={() => navigate({ page: 'monitor', id: journey.id })}>
              {t('list.monitor')}
            </Button>
          )}
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'rename', icon: <EditOutlined />, label: t('list.rename') },
                { key: 'duplicate', icon: <CopyOutlined />, label: t('list.duplicate') },
                ...(journey.status === 'draft'
                  ? [{ key: 'delete', icon: <DeleteOutlined />, label: t('common.delete'), danger: true }]
                  : []),
                ...(journey.status === 'live' ? [] : [{ key: 'archive', icon: <ContainerOutlined />, label: t('list.archive') }]),
              ],
              onClick: ({ key }) => {
                if (key === 'rename') setRenaming(journey);
                else if (key === 'duplicate') void duplicate(journey);
                else if (key === 'archive') archive(journey);
                else remove(journey);
              },
            }}
          >
            <Button type="text" icon={<MoreOutlined />} aria-label={t('list.more')} />
          </Dropdown>
        </span>
      ),
    },
  ];

  return (
    <PageLayout
      title={t('journeys.title')}
      actions={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('journeys.create')}
        </Button>
      }
    >
      <PagedTable<Journey>
        rowKey="id"
        columns={columns}
        dataSource={journeys}
        loading={list.loading}
        emptyText={t('journeys.empty')}
        hasMore={list.hasMore}
        onLoadMore={list.loadMore}
      />
      <CreateJourneyModal open={creating} onClose={() => setCreating(false)} onError={fail} />
      <RenameJourneyModal
        journey={renaming}
        onClose={() => setRenaming(null)}
        onError={fail}
        onRenamed={(updated) => {
          setJourneys((old) => old.map((j) => (j.id === updated.id ? updated : j)));
          setRenaming(null);
          void message.success(t('list.renamed'));
        }}
      />
    </PageLayout>
  );
}
