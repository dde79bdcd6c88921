import { ArrowLeftOutlined, EditOutlined, PauseCircleOutlined, PlayCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { ReactFlowProvider } from '@xyflow/react';
import { App, Button, Result, Spin, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Journey } from '../api/client.ts';
import { friendlyError } from '../api/friendly-error.ts';
import { LanguageSwitch } from '../app/language-switch.tsx';
import { navigate } from '../app/router.ts';
import { useErrorToast } from '../app/use-error-toast.ts';
import { expireOnUnauthorized } from '../auth/session-store.ts';
import { useEditorStore } from '../canvas/store.ts';
import { StatusTag } from '../journeys/status-tag.tsx';
import { MonitorCanvas } from './monitor-canvas.tsx';
import { useMonitorStore } from './monitor-store.ts';
import { RunsPanel } from './runs-panel.tsx';
import { useMonitorStats } from './use-monitor-stats.ts';
import { useConfirmPause, type PausedEntries } from '../journeys/confirm-pause.tsx';
import './monitor.css';

type Loaded =
  | { state: 'loading' }
  | { state: 'failed'; error: unknown }
  | { state: 'unpublished' }
  | { state: 'ready'; version: number };

/**
 * Monitor mode: the journey's running version on a read-only canvas, each node with its live
 * counts and each edge with how many passed it; click a node for the contacts at it. Pause/resume.
 */
export function MonitorPage({ journeyId }: { journeyId: string }) {
  const { t } = useTranslation();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });

  useEffect(() => {
    let current = true;
    Promise.all([api.getJourney(journeyId), api.nodeTypes(), api.versions(journeyId)]).then(
      ([journey, { items: nodeTypes }, { items: versions }]) => {
        if (!current) return;
        const running = versions.find((v) => v.version === journey.publishedVersion) ?? versions[0];
        if (!running) return setLoaded({ state: 'unpublished' });
        useEditorStore.getState().load({ ...journey, graph: running.graph }, nodeTypes);
        setLoaded({ state: 'ready', version: running.version });
      },
      (error: unknown) => {
        if (current && !expireOnUnauthorized(error)) setLoaded({ state: 'failed', error });
      },
    );
    return () => {
      current = false;
    };
  }, [journeyId]);

  if (loaded.state === 'loading') return <Spin fullscreen />;
  if (loaded.state !== 'ready') {
    return (
      <Result
        status={loaded.state === 'failed' ? 'warning' : 'info'}
        title={loaded.state === 'failed' ? t('editor.loadFailed') : t('monitor.notPublished')}
        {...(loaded.state === 'failed' ? { subTitle: friendlyError(loaded.error, t) } : {})}
        extra={[
          <Button key="back" onClick={() => navigate({ page: 'journeys' })}>
            {t('common.back')}
          </Button>,
          <Button key="edit" type="primary" onClick={() => navigate({ page: 'journey', id: journeyId })}>
            {t('monitor.edit')}
          </Button>,
        ]}
      />
    );
  }
  return (
    <ReactFlowProvider>
      <MonitorLayout journeyId={journeyId} version={loaded.version} />
    </ReactFlowProvider>
  );
}

function MonitorLayout({ journeyId, version }: { journeyId: string; version: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const journey = useEditorStore((s) => s.journey);
  const [busy, setBusy] = useState(false);

  const fail = useErrorToast();
  const refresh = useMonitorStats(journeyId, fail);

  const confirmPause = useConfirmPause();
  const setRunning = async (action: 'pause' | 'resume', entries?: PausedEntries) => {
    setBusy(true);
    try {
      await (action === 'pause' ? api.pause(journeyId, entries) : api.resume(journeyId));
      const updated: Journey = await api.getJourney(journeyId);
      useEditorStore.getState().refreshed(updated);
      void message.success(t(action === 'pause' ? 'editor.paused' : 'editor.resumed'));
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="monitor">
      <header className="monitor-bar">
        <Tooltip title={t('common.back')}>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            aria-label={t('common.back')}
            onClick={() => navigate({ page: 'journeys' })}
          />
        </Tooltip>
        <span className="monitor-name">{journey?.name}</span>
        {journey && <StatusTag status={journey.status} />}
        <span className="muted">{t('monitor.versionNote', { version })}</span>
        <ReadAt />
        <div className="monitor-bar-actions">
          <LanguageSwitch />
          <Button icon={<ReloadOutlined />} onClick={() => void refresh()}>
            {t('monitor.refresh')}
          </Button>
          {journey?.status === 'live' && (
            <Button icon={<PauseCircleOutlined />} loading={busy} onClick={() => confirmPause((entries) => setRunning('pause', entries))}>
              {t('editor.pause')}
            </Button>
          )}
          {journey?.status === 'paused' && (
            <Button icon={<PlayCircleOutlined />} loading={busy} onClick={() => void setRunning('resume')}>
              {t('editor.resume')}
            </Button>
          )}
          <Button type="primary" icon={<EditOutlined />} onClick={() => navigate({ page: 'journey', id: journeyId })}>
            {t('monitor.edit')}
          </Button>
        </div>
      </header>
      <div className="monitor-body">
        <main className="monitor-canvas">
          <MonitorCanvas />
          <RunSummary />
        </main>
        <RunsPanel journeyId={journeyId} onError={fail} />
      </div>
    </div>
  );
}

function ReadAt() {
  const { t, i18n } = useTranslation();
  const readAt = useMonitorStore((s) => s.readAt);
  if (readAt === null) return null;
  const time = new Date(readAt).toLocaleTimeString(i18n.language);
  return <span className="muted" data-testid="monitor-read-at">{t('monitor.updatedAt', { time })}</span>;
}

function RunSummary() {
  const { t } = useTranslation();
  const stats = useMonitorStore((s) => s.stats);
  if (!stats) return null;
  return (
    <div className="monitor-summary" data-testid="monitor-summary">
      {t('monitor.summary', { ...stats.runs, conversions: stats.conversions })}
      {stats.queued > 0 && <span data-testid="monitor-queued">{t('monitor.queued', { count: stats.queued })}</span>}
    </div>
  );
}
