import { ReloadOutlined, StepForwardOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Empty, Popconfirm, Select, Spin, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, RUN_STATUSES, type Run, type RunStatus } from '../api/client.ts';
import { routeHash } from '../app/router.ts';
import { useDateFormat } from '../app/use-date-format.ts';
import { useEditorStore } from '../canvas/store.ts';
import { ContactDetails } from '../contacts/contact-page.tsx';
import { useContactNames } from '../contacts/use-contact-names.ts';
import { useLocale } from '../i18n/i18n.ts';
import { errorSummary } from './error-summary.ts';
import { HeldNote } from './hold-reason.tsx';
import { useMonitorStore } from './monitor-store.ts';

const STATUS_COLORS: Record<RunStatus, string> = {
  active: 'processing',
  waiting: 'warning',
  completed: 'success',
  exited: 'default',
  failed: 'error',
};

/** A run's status as a coloured tag. */
export function RunStatusTag({ status }: { status: RunStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-status={status}>
      {t(`runStatus.${status}`)}
    </Tag>
  );
}

/**
 * The contacts now at the node selected on the monitor canvas — or, with no node selected and a status
 * chosen (the journey list's failed-run link opens it on `failed`), at every node: name, node, status
 * and time, failed ones with their error and retry / skip. Re-read after every stats poll, so it follows the counts.
 */
export function RunsPanel({ journeyId, onError, initialStatus }: { journeyId: string; onError: (error: unknown) => void; initialStatus?: RunStatus | undefined }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formatDate = useDateFormat();
  const nodeId = useEditorStore((s) => s.selectedNodeId);
  const locale = useLocale();
  const title = useEditorStore((s) => {
    const node = s.nodes.find((n) => n.id === s.selectedNodeId);
    return node ? node.data.label.trim() || (s.nodeTypes[node.data.nodeType]?.title[locale] ?? '') : '';
  });
  const readAt = useMonitorStore((s) => s.readAt);
  const [status, setStatus] = useState<RunStatus | 'all'>(initialStatus ?? 'all');
  const nodes = useEditorStore((s) => s.nodes);
  const nodeTypes = useEditorStore((s) => s.nodeTypes);
  const nodeName = (id: string) => {
    const node = nodes.find((n) => n.id === id);
    return node ? node.data.label.trim() || (nodeTypes[node.data.nodeType]?.title[locale] ?? id) : id;
  };
  // Every node's runs of one status, when no node is selected.
  const acrossNodes = !nodeId && status !== 'all';
  const [runs, setRuns] = useState<Run[] | null>(null);
  const [acting, setActing] = useState<string | null>(null);
  // The contact opened beside the monitor, so looking at one does not leave the canvas.
  const [opened, setOpened] = useState<string | null>(null);
  const names = useContactNames(runs?.map((r) => r.contactId) ?? []);

  const load = useCallback(async () => {
    if (!nodeId && status === 'all') return;
    try {
      const page = await api.runs(journeyId, { ...(nodeId ? { node: nodeId } : {}), limit: 50, ...(status === 'all' ? {} : { status }) });
      setRuns(page.items);
    } catch (error) {
      onError(error);
    }
  }, [journeyId, nodeId, status, onError]);

  useEffect(() => {
    setRuns(null);
  }, [nodeId, status]);

  useEffect(() => {
    void load();
  }, [load, readAt]);

  const act = async (run: Run, action: 'retry' | 'skip') => {
    setActing(run.id);
    try {
      await (action === 'retry' ? api.retryRun(run.id) : api.skipRun(run.id));
      void message.success(t(action === 'retry' ? 'monitor.retried' : 'monitor.skipped'));
      await load();
    } catch (error) {
      onError(error);
    } finally {
      setActing(null);
    }
  };

  if (!nodeId && !acrossNodes) {
    return (
      <aside className="runs-panel" aria-label={t('monitor.title')}>
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('monitor.pickNode')} />
      </aside>
    );
  }
  const heading = acrossNodes ? t('monitor.runsWithStatus', { status: t(`runStatus.${status}`) }) : t('monitor.runsAt', { node: title });
  return (
    <aside className="runs-panel" aria-label={heading}>
      <h2>{heading}</h2>
      <Select<RunStatus | 'all'>
        value={status}
        onChange={setStatus}
        aria-label={t('monitor.status')}
        style={{ width: '100%', marginBottom: 8 }}
        options={[
          { value: 'all', label: t('monitor.allStatuses') },
          ...RUN_STATUSES.map((s) => ({ value: s, label: t(`runStatus.${s}`) })),
        ]}
      />
      {runs === null ? (
        <Spin />
      ) : runs.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('monitor.noRuns')} />
      ) : (
        runs.map((run) => (
          <div className="run-item" key={run.id} data-testid="run-item" data-status={run.status}>
            <div className="run-item-head">
              <a
                href={routeHash({ page: 'contact', id: run.contactId })}
                data-testid="run-contact"
                onClick={(e) => {
                  if (e.metaKey || e.ctrlKey || e.shiftKey) return;
                  e.preventDefault();
                  setOpened(run.contactId);
                }}
              >
                {names[run.contactId] ?? run.contactId}
              </a>
              <RunStatusTag status={run.status} />
              <span className="run-item-time muted">{formatDate(run.updatedAt)}</span>
            </div>
            {run.held && <HeldNote held={run.held} />}
            {acrossNodes && <div className="muted" data-testid="run-node">{t('monitor.atNode', { node: nodeName(run.nodeId) })}</div>}
            {run.status === 'failed' && (
              <>
                {run.error && <div className="run-error">{errorSummary(run.error)}</div>}
                <div className="muted">{t('monitor.attempts', { count: run.attempts })}</div>
                <Button
                  size="small"
                  type="primary"
                  icon={<ReloadOutlined />}
                  loading={acting === run.id}
                  onClick={() => void act(run, 'retry')}
                >
                  {t('monitor.retry')}
                </Button>{' '}
                <Popconfirm
                  title={t('monitor.skipConfirm')}
                  okText={t('monitor.skip')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => act(run, 'skip')}
                >
                  <Button size="small" icon={<StepForwardOutlined />} disabled={acting === run.id}>
                    {t('monitor.skip')}
                  </Button>
                </Popconfirm>
              </>
            )}
          </div>
        ))
      )}
      <Drawer
        open={opened !== null}
        onClose={() => setOpened(null)}
        size={560}
        title={opened ? (names[opened] ?? t('monitor.contact')) : ''}
        extra={opened && <a href={routeHash({ page: 'contact', id: opened })}>{t('monitor.openContactPage')}</a>}
        destroyOnHidden
        data-testid="contact-drawer"
      >
        {opened && <ContactDetails contactId={opened} />}
      </Drawer>
    </aside>
  );
}
