import type { NodeTypeDescription } from '@journey/nodes';
import { ReactFlowProvider } from '@xyflow/react';
import { App, Button, Result, Spin } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { friendlyError } from '../api/friendly-error.ts';
import { navigate } from '../app/router.ts';
import { expireOnUnauthorized } from '../auth/session-store.ts';
import { JourneyCanvas } from '../canvas/journey-canvas.tsx';
import { useEditorStore } from '../canvas/store.ts';
import { useCanvasCommands } from '../canvas/use-canvas-commands.ts';
import { useAutosave } from './draft-saver.ts';
import { EditorTopBar } from './editor-top-bar.tsx';
import { LaunchReviewModal } from '../launch-review/launch-review-modal.tsx';
import { NodeInspector } from './node-inspector.tsx';
import { NodePalette } from './node-palette.tsx';
import { NodePicker } from './node-picker.tsx';
import { ProblemsPanel } from './problems-panel.tsx';
import { SettingsDrawer } from './settings-drawer.tsx';
import { useEditorShortcuts } from './use-editor-shortcuts.ts';
import './editor.css';
import { useJourneyActions } from './use-journey-actions.ts';
import { useLiveProblems } from './live-problems.ts';

type Loaded = { state: 'loading' } | { state: 'failed'; error: unknown } | { state: 'ready'; nodeTypes: NodeTypeDescription[] };

/** The journey editor: palette, canvas and settings panel for one journey. */
export function JourneyEditorPage({ journeyId }: { journeyId: string }) {
  const { t } = useTranslation();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setLoaded({ state: 'loading' });
    Promise.all([api.getJourney(journeyId), api.nodeTypes()]).then(
      ([journey, { items }]) => {
        if (!current) return;
        useEditorStore.getState().load(journey, items);
        setLoaded({ state: 'ready', nodeTypes: items });
      },
      (error: unknown) => {
        if (current && !expireOnUnauthorized(error)) setLoaded({ state: 'failed', error });
      },
    );
    return () => {
      current = false;
    };
  }, [journeyId, attempt]);

  if (loaded.state === 'loading') return <Spin fullscreen />;
  if (loaded.state === 'failed') {
    return (
      <Result
        status="warning"
        title={t('editor.loadFailed')}
        subTitle={friendlyError(loaded.error, t)}
        extra={[
          <Button key="back" onClick={() => navigate({ page: 'journeys' })}>
            {t('common.back')}
          </Button>,
          <Button key="retry" type="primary" onClick={() => setAttempt((n) => n + 1)}>
            {t('common.retry')}
          </Button>,
        ]}
      />
    );
  }
  return (
    <ReactFlowProvider>
      <EditorLayout nodeTypes={loaded.nodeTypes} />
    </ReactFlowProvider>
  );
}

function EditorLayout({ nodeTypes }: { nodeTypes: NodeTypeDescription[] }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const actions = useJourneyActions();
  const commands = useCanvasCommands();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [reviewOpen, setReviewOpen] = useState(false);
  const { save, publish } = actions;
  useAutosave();
  useLiveProblems();
  useEditorShortcuts(commands, save);

  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (useEditorStore.getState().dirty) event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);
  const openSettings = useCallback(() => setSettingsOpen(true), []);
  const openReview = useCallback(() => setReviewOpen(true), []);
  const publishFromReview = (note: string) => {
    void publish(note.trim() || undefined).then((published) => published && setReviewOpen(false));
  };

  const back = () => {
    if (!useEditorStore.getState().dirty) return navigate({ page: 'journeys' });
    modal.confirm({
      title: t('editor.leaveConfirm'),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: () => navigate({ page: 'journeys' }),
    });
  };

  return (
    <div className="editor">
      <EditorTopBar actions={actions} commands={commands} onBack={back} onOpenSettings={openSettings} onOpenLaunchReview={openReview} />
      <div className="editor-body">
        <NodePalette nodeTypes={nodeTypes} />
        <main className="editor-canvas">
          <JourneyCanvas />
          <ProblemsPanel />
        </main>
        <NodeInspector />
      </div>
      <SettingsDrawer open={settingsOpen} onClose={() => setSettingsOpen(false)} />
      <NodePicker />
      <LaunchReviewModal open={reviewOpen} publishing={actions.busy === 'publish'} onClose={() => setReviewOpen(false)} onPublish={publishFromReview} />
    </div>
  );
}
