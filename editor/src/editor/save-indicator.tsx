import { CheckOutlined, ExclamationCircleOutlined, LoadingOutlined } from '@ant-design/icons';
import { App, Button, Popover } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { friendlyError } from '../api/friendly-error.ts';
import { useEditorStore } from '../canvas/store.ts';
import { saveDraft, useSaveStatus } from './draft-saver.ts';

/**
 * "已保存 / 保存中… / 未保存" beside the journey's name. On a conflict (someone saved this journey in
 * between) it explains the choice: load their version, or keep mine and overwrite theirs.
 */
export function SaveIndicator() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const status = useSaveStatus((s) => s.status);
  const error = useSaveStatus((s) => s.error);

  const reload = async () => {
    const { journey, nodeTypes, load } = useEditorStore.getState();
    if (!journey) return;
    try {
      load(await api.getJourney(journey.id), Object.values(nodeTypes));
      useSaveStatus.setState({ status: 'saved', error: null });
    } catch (failure) {
      void message.error(friendlyError(failure, t));
    }
  };

  if (status === 'conflict' || status === 'failed') {
    const conflict = status === 'conflict';
    return (
      <Popover
        open={conflict ? true : undefined}
        placement="bottom"
        title={conflict ? t('editor.conflictTitle') : t('editor.saveFailed')}
        content={
          <div className="save-problem">
            <p>{conflict ? t('editor.conflictText') : friendlyError(error, t)}</p>
            <div className="save-problem-actions">
              {conflict && <Button onClick={() => void reload()}>{t('editor.loadTheirs')}</Button>}
              <Button type="primary" onClick={() => void saveDraft({ overwrite: conflict })}>
                {conflict ? t('editor.keepMine') : t('common.retry')}
              </Button>
            </div>
          </div>
        }
      >
        <span className="save-indicator save-error" data-testid="save-status" data-status={status}>
          <ExclamationCircleOutlined /> {conflict ? t('editor.conflict') : t('editor.saveFailed')}
        </span>
      </Popover>
    );
  }
  return (
    <span className={`save-indicator save-${status}`} data-testid="save-status" data-status={status} aria-live="polite">
      {status === 'saving' ? <LoadingOutlined /> : status === 'saved' ? <CheckOutlined /> : <span className="save-dot" />}{' '}
      {t(`editor.${status}`)}
    </span>
  );
}
