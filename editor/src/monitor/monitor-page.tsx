import { ArrowLeftOutlined, EditOutlined, PauseCircleOutlined, PlayCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { ReactFlowProvider } from '@xyflow/react';
import { App, Button, Result, Select, Spin, Tooltip } from 'antd';
import type { NodeTypeDescription } from '@journey/nodes';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Journey, type JourneyVersion } from '../api/client.ts';
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
  | { state: 'ready'; version: number; versions: JourneyVersion[]; nodeTypes: NodeTypeDescription[] };

/**
 * Monitor mode: the journey's running version on a read-only canvas, each node with its live
 * counts and each edge with how many passed it; click a node for the contacts at it. Pause/resume.
 */
export function MonitorPage({ journeyId, show }: { journeyId: string; show?: 'failed' | undefined }) {
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
        setLoaded({ state: 'ready', version: running.version, versions, nodeTypes });
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
      <MonitorLayout journeyId={journeyId} running={loaded.version} versions={loaded.versions} nodeTypes={loaded.nodeTypes} show={show} />
    </ReactFlowProvider>
  );
}

function MonitorLayout(props: { journeyId: string; running: number; versions: JourneyVersion[]; nodeTypes: NodeTypeDescription[]; show?: 'failed' | undefined }) {
  const { journeyId, running, versions, nodeTypes, show } = props;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const journey = useEditorStore((s) => s.journey);
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(running);

  const fail = useErrorToast();
  // Each version's counts on its own graph: only the runs that entered with it.
  const refresh = useMonitorStats(journeyId, version, fail);
  const showVersion = (next: number) => {
    const shown = versions.find((v) => v.version === next);
    const current = useEditorStore.getState().journey;
    if (!shown || !current) return;
    useEditorStore.getState().load({ ...current, graph: shown.graph }, nodeTypes);
    setVersion(next);
  };

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
        <Select
          size="small"
          aria-label={t('monitor.versionPick')}
          data-testid="monitor-version"
          value={version}
          style={{ width: 200 }}
          options={versions.map((v) => ({
            value: v.version,
            label: v.version === running ? t('monitor.versionNote', { version: v.version }) : t('journeys.version', { version: v.version }),
          }))}
          onChange={showVersion}
        />
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
          <MonitorCanvas key={version} />
          <RunSummary />
        </main>
        <RunsPanel journeyId={journeyId} onError={fail} initialStatus={show} />
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
