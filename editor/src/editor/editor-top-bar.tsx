import {
  ApartmentOutlined,
  ArrowLeftOutlined,
  CheckCircleOutlined,
  CloudUploadOutlined,
  CompressOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  QuestionCircleOutlined,
  RedoOutlined,
  SettingOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import { Button, Divider, Input, Popover, Tooltip } from 'antd';
import { Fragment, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../app/language-switch.tsx';
import { useEditorStore } from '../canvas/store.ts';
import type { useCanvasCommands } from '../canvas/use-canvas-commands.ts';
import { StatusTag } from '../journeys/status-tag.tsx';
import { SaveIndicator } from './save-indicator.tsx';
import { SHORTCUTS } from './use-editor-shortcuts.ts';
import type { useJourneyActions } from './use-journey-actions.ts';
import { VersionsButton } from './versions-button.tsx';

const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** A toolbar icon button with its name as tooltip and accessible label. */
function ToolButton(props: {
  label: string;
  icon: ReactNode;
  onClick: () => void;
  disabled?: boolean;
  busy?: boolean;
  testId?: string;
}) {
  return (
    <Tooltip title={props.label}>
      <Button
        type="text"
        icon={props.icon}
        aria-label={props.label}
        disabled={props.disabled ?? false}
        loading={props.busy ?? false}
        aria-busy={props.busy ?? false}
        onClick={props.onClick}
        {...(props.testId ? { 'data-testid': props.testId } : {})}
      />
    </Tooltip>
  );
}

function ShortcutHelp() {
  const { t } = useTranslation();
  return (
    <table className="shortcut-table">
      <tbody>
        {SHORTCUTS.map(({ command, keys }) => (
          <tr key={command}>
            <td>{t(`shortcuts.${command}`)}</td>
            <td>
              {keys.map((key, i) => (
                <Fragment key={key}>
                  {i > 0 && '+'}
                  <kbd>{key === 'mod' ? (IS_MAC ? '⌘' : 'Ctrl') : key === 'drag' || key === 'click' ? t(`shortcuts.${key}`) : key}</kbd>
                </Fragment>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The editor's top bar: back, the journey's name, status, version history and save state; undo,
 * redo, auto-layout, fit, settings and shortcut help; check, save, pause/resume and publish.
 */
export function EditorTopBar(props: {
  actions: ReturnType<typeof useJourneyActions>;
  commands: ReturnType<typeof useCanvasCommands>;
  onBack: () => void;
  onOpenSettings: () => void;
  /** 发布 opens the launch review, which publishes. */
  onOpenLaunchReview: () => void;
}) {
  const { actions, commands } = props;
  const { t } = useTranslation();
  const name = useEditorStore((s) => s.name);
  const setName = useEditorStore((s) => s.setName);
  const status = useEditorStore((s) => s.journey?.status ?? 'draft');
  const canUndo = useEditorStore((s) => s.past.length > 0);
  const canRedo = useEditorStore((s) => s.future.length > 0);
  const undo = useEditorStore((s) => s.undo);
  const redo = useEditorStore((s) => s.redo);
  const { busy } = actions;
  const [layingOut, setLayingOut] = useState(false);
  const autoLayout = () => {
    setLayingOut(true);
    commands.autoLayout().finally(() => setLayingOut(false));
  };
  return (
    <header className="top-bar">
      <ToolButton label={t('common.back')} icon={<ArrowLeftOutlined />} onClick={props.onBack} />
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
      <VersionsButton />
      <SaveIndicator />
      <Divider orientation="vertical" />
      <ToolButton label={t('shortcuts.undo')} icon={<UndoOutlined />} disabled={!canUndo} onClick={undo} testId="undo" />
      <ToolButton label={t('shortcuts.redo')} icon={<RedoOutlined />} disabled={!canRedo} onClick={redo} testId="redo" />
      <ToolButton label={t('shortcuts.layout')} icon={<ApartmentOutlined />} busy={layingOut} onClick={autoLayout} testId="auto-layout" />
      <ToolButton label={t('shortcuts.fit')} icon={<CompressOutlined />} onClick={commands.fitView} />
      <ToolButton label={t('settings.title')} icon={<SettingOutlined />} onClick={props.onOpenSettings} testId="journey-settings" />
      <Popover trigger="click" placement="bottom" title={t('shortcuts.title')} content={<ShortcutHelp />}>
        <Button type="text" icon={<QuestionCircleOutlined />} aria-label={t('shortcuts.title')} />
      </Popover>
      <div className="top-bar-actions">
        <LanguageSwitch />
        <Button icon={<CheckCircleOutlined />} loading={busy === 'validate'} onClick={actions.validate}>
          {t('editor.validate')}
        </Button>
        <Button loading={busy === 'save'} onClick={actions.save}>
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
        <Button type="primary" icon={<CloudUploadOutlined />} loading={busy === 'publish'} onClick={props.onOpenLaunchReview} data-testid="publish">
          {t('editor.publish')}
        </Button>
      </div>
    </header>
  );
}
