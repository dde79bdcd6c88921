import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Empty, Form, Input, Modal, Popconfirm, Table, type TableColumnsType } from 'antd';
import i18next from 'i18next';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Journey } from '../api/client.ts';
import { friendlyError } from '../api/friendly-error.ts';
import { AppHeader } from '../app/app-header.tsx';
import { navigate } from '../app/router.ts';
import { expireOnUnauthorized } from '../auth/session-store.ts';
import { useLocale } from '../i18n/i18n.ts';
import { StatusTag } from './status-tag.tsx';

const EMPTY_GRAPH = { version: 1 as const, nodes: [], edges: [] };

/** The journey list: name, status, published version and last update; create, open and delete. */
export function JourneysPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const [journeys, setJourneys] = useState<Journey[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [creating, setCreating] = useState(false);

  // i18next.t rather than the hook's t: a language switch must not reload the list.
  const fail = useCallback(
    (error: unknown) => {
      if (!expireOnUnauthorized(error)) void message.error(friendlyError(error, i18next.t));
    },
    [message],
  );

  const load = useCallback(
    async (cursor?: string) => {
      setLoading(true);
      try {
        const page = await api.listJourneys(cursor);
        setJourneys((old) => (cursor ? [...old, ...page.items] : page.items));
        setNextCursor(page.nextCursor ?? null);
      } catch (error) {
        fail(error);
      } finally {
        setLoading(false);
      }
    },
    [fail],
  );

  useEffect(() => {
    void load();
  }, [load]);

  const remove = async (journey: Journey) => {
    try {
      await api.deleteJourney(journey.id);
      setJourneys((old) => old.filter((j) => j.id !== journey.id));
      void message.success(t('journeys.deleted'));
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
        <a href={`#/journeys/${encodeURIComponent(journey.id)}`} className="journey-name">
          {name}
        </a>
      ),
    },
    { title: t('journeys.columnStatus'), dataIndex: 'status', width: 120, render: (_, j) => <StatusTag status={j.status} /> },
    {
      title: t('journeys.columnVersion'),
      dataIndex: 'publishedVersion',
      width: 140,
      render: (version: number | null) =>
        version ? t('journeys.version', { version }) : <span className="muted">{t('journeys.notPublished')}</span>,
    },
    {
      title: t('journeys.columnUpdated'),
      dataIndex: 'updatedAt',
      width: 200,
      render: (at: string) => dateFormat.format(new Date(at)),
    },
    {
      key: 'actions',
      width: 140,
      align: 'right',
      render: (_, journey) => (
        <>
          <Button type="link" onClick={() => navigate({ page: 'journey', id: journey.id })}>
            {t('journeys.open')}
          </Button>
          <Popconfirm
            title={t('journeys.deleteConfirm', { name: journey.name })}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => remove(journey)}
          >
            <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
          </Popconfirm>
        </>
      ),
    },
  ];

  return (
    <div className="page">
      <AppHeader />
      <main className="page-body">
        <div className="page-title-row">
          <h1 className="page-title">{t('journeys.title')}</h1>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('journeys.create')}
          </Button>
        </div>
        <Table<Journey>
          rowKey="id"
          columns={columns}
          dataSource={journeys}
          loading={loading}
          pagination={false}
          locale={{ emptyText: <Empty description={t('journeys.empty')} /> }}
        />
        {nextCursor && (
          <div className="load-more">
            <Button onClick={() => void load(nextCursor)} loading={loading}>
              {t('journeys.loadMore')}
            </Button>
          </div>
        )}
      </main>
      <CreateJourneyModal open={creating} onClose={() => setCreating(false)} onError={fail} />
    </div>
  );
}

function CreateJourneyModal(props: { open: boolean; onClose: () => void; onError: (error: unknown) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string }>();
  const [busy, setBusy] = useState(false);

  const create = async ({ name }: { name: string }) => {
    setBusy(true);
    try {
      const journey = await api.createJourney({ name: name.trim(), graph: EMPTY_GRAPH, settings: {} });
      navigate({ page: 'journey', id: journey.id });
    } catch (error) {
      props.onError(error);
      setBusy(false);
    }
  };

  return (
    <Modal
      open={props.open}
      title={t('journeys.createTitle')}
      okText={t('journeys.create')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={create} initialValues={{ name: t('journeys.defaultName') }}>
        <Form.Item
          label={t('journeys.name')}
          name="name"
          rules={[{ required: true, whitespace: true, message: t('journeys.nameRequired') }]}
        >
          <Input placeholder={t('journeys.namePlaceholder')} maxLength={200} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
