import {
  ArrowLeftOutlined,
  CheckCircleOutlined,
  CloudUploadOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  SaveOutlined,
} from '@ant-design/icons';
import { Button, Input, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../app/language-switch.tsx';
import { useEditorStore } from '../canvas/store.ts';
import { StatusTag } from '../journeys/status-tag.tsx';
import type { useJourneyActions } from './use-journey-actions.ts';

/** The editor's top bar: back, the journey's name, status and version, and the journey actions. */
export function EditorTopBar({ actions, onBack }: { actions: ReturnType<typeof useJourneyActions>; onBack: () => void }) {
  const { t } = useTranslation();
  const name = useEditorStore((s) => s.name);
  const setName = useEditorStore((s) => s.setName);
  const status = useEditorStore((s) => s.journey?.status ?? 'draft');
  const version = useEditorStore((s) => s.journey?.publishedVersion ?? null);
  const dirty = useEditorStore((s) => s.dirty);
  const { busy } = actions;
  return (
    <header className="top-bar">
      <Tooltip title={t('common.back')}>
        <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('common.back')} onClick={onBack} />
      </Tooltip>
      <Input
        className="top-bar-name"
        variant="borderless"
        value={name}
        maxLength={200}
        aria-label={t('journeys.name')}
        status={name.trim() ? undefined : 'error'}
        onChange={(e) => setName(e.target.value)}
      />
      <StatusTag status={status} />
      {version !== null && <span className="muted">{t('journeys.version', { version })}</span>}
      {dirty && <span className="top-bar-unsaved">{t('editor.unsaved')}</span>}
      <div className="top-bar-actions">
        <LanguageSwitch />
        <Button icon={<CheckCircleOutlined />} loading={busy === 'validate'} onClick={actions.validate}>
          {t('editor.validate')}
        </Button>
        <Button icon={<SaveOutlined />} loading={busy === 'save'} onClick={actions.save}>
          {t('editor.save')}
        </Button>
        {status === 'live' && (
          <Button icon={<PauseCircleOutlined />} loading={busy === 'pause'} onClick={actions.pause}>
            {t('editor.pause')}
          </Button>
        )}
        {status === 'paused' && (
          <Button icon={<PlayCircleOutlined />} loading={busy === 'resume'} onClick={actions.resume}>
            {t('editor.resume')}
          </Button>
        )}
        <Button type="primary" icon={<CloudUploadOutlined />} loading={busy === 'publish'} onClick={actions.publish}>
          {t('editor.publish')}
        </Button>
      </div>
    </header>
  );
}
