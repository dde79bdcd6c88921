import { App } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client.ts';
import { friendlyError } from '../api/friendly-error.ts';
import { expireOnUnauthorized } from '../auth/session-store.ts';
import { currentGraph, useEditorStore } from '../canvas/store.ts';
import { useConfirmPause, type PausedEntries } from '../journeys/confirm-pause.tsx';
import { saveDraft, useSaveStatus } from './draft-saver.ts';

export type JourneyAction = 'save' | 'validate' | 'publish' | 'pause' | 'resume';

/**
 * Save, check, publish, pause and resume for the journey open in the editor, each reporting its
 * outcome as a toast. `busy` names the action in flight.
 */
export function useJourneyActions() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<JourneyAction | null>(null);

  const fail = useCallback(
    (error: unknown) => {
      if (!expireOnUnauthorized(error)) void message.error(friendlyError(error, t));
    },
    [message, t],
  );

  const run = useCallback(
    async (action: JourneyAction, work: () => Promise<void>) => {
      setBusy(action);
      try {
        await work();
      } catch (error) {
        fail(error);
      } finally {
        setBusy(null);
      }
    },
    [fail],
  );

  /** Saves the draft; resolves false (having said why) when it could not be saved. */
  const save = useCallback(async (): Promise<boolean> => {
    if (!useEditorStore.getState().name.trim()) {
      void message.error(t('editor.nameRequired'));
      return false;
    }
    if (await saveDraft()) return true;
    const { status, error } = useSaveStatus.getState();
    if (status === 'failed') fail(error);
    else if (status === 'conflict') void message.error(t('errors.conflict'));
    return false;
  }, [message, t, fail]);

  const saveNow = useCallback(
    () =>
      run('save', async () => {
        // Success shows in the save indicator; only a failure needs a word.
        await save();
      }),
    [run, save],
  );

  const validate = useCallback(
    () =>
      run('validate', async () => {
        const result = await api.validate(currentGraph());
        useEditorStore.getState().setProblems(result.problems);
        if (result.valid && result.problems.length > 0) void message.warning(t('editor.validWithWarnings', { count: result.problems.length }));
        else if (result.valid) void message.success(t('editor.valid'));
        else void message.warning(t('editor.problemCount', { count: result.problems.length }));
      }),
    [run, message, t],
  );

  /** Saves and publishes (from the launch review) with the publisher's note; resolves true once the new version is live. */
  const publish = useCallback(async (note?: string): Promise<boolean> => {
    let published = false;
    await run('publish', async () => {
      if (!(await save())) return;
      const { journey, setProblems, refreshed } = useEditorStore.getState();
      try {
        const { version } = await api.publish(journey!.id, note);
        setProblems([]);
        refreshed(await api.getJourney(journey!.id));
        published = true;
        void message.success(t('editor.published', { version }));
      } catch (error) {
        if (!(error instanceof ApiError) || error.problems.length === 0) throw error;
        setProblems(error.problems);
        void message.error(t('editor.publishFailed', { count: error.problems.length }));
      }
    });
    return published;
  }, [run, save, message, t]);

  const confirmPause = useConfirmPause();
  const setRunning = useCallback(
    (action: 'pause' | 'resume', entries?: PausedEntries) =>
      run(action, async () => {
        const { journey, refreshed } = useEditorStore.getState();
        await (action === 'pause' ? api.pause(journey!.id, entries) : api.resume(journey!.id));
        refreshed(await api.getJourney(journey!.id));
        void message.success(t(action === 'pause' ? 'editor.paused' : 'editor.resumed'));
      }),
    [run, message, t],
  );

  const pause = () => confirmPause((entries) => setRunning('pause', entries));
  return { busy, save: saveNow, validate, publish, pause, resume: () => setRunning('resume') };
}
