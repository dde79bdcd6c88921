import { App, Radio, Space } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** What a paused journey does with contacts who arrive: queue them for the resume, or skip them. */
export type PausedEntries = 'queue' | 'skip';

function PauseChoice(props: { onChange: (entries: PausedEntries) => void }) {
  const { t } = useTranslation();
  const [entries, setEntries] = useState<PausedEntries>('queue');
  const choose = (value: PausedEntries) => {
    setEntries(value);
    props.onChange(value);
  };
  return (
    <div className="pause-choice">
      <p>{t('pause.holds')}</p>
      <Radio.Group value={entries} onChange={(e) => choose(e.target.value as PausedEntries)}>
        <Space orientation="vertical">
          <Radio value="queue" data-testid="pause-queue">
            <strong>{t('pause.queue')}</strong>
            <div className="muted">{t('pause.queueHelp')}</div>
          </Radio>
          <Radio value="skip" data-testid="pause-skip">
            <strong>{t('pause.skip')}</strong>
            <div className="muted">{t('pause.skipHelp')}</div>
          </Radio>
        </Space>
      </Radio.Group>
    </div>
  );
}

/**
 * Asks, before pausing, what happens to contacts who arrive while paused (queued for the resume, or
 * skipped), saying what each choice does; calls `pause` with the answer once confirmed.
 */
export function useConfirmPause() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  return useCallback(
    (pause: (entries: PausedEntries) => Promise<void>) => {
      let entries: PausedEntries = 'queue';
      modal.confirm({
        title: t('pause.title'),
        content: <PauseChoice onChange={(value) => (entries = value)} />,
        okText: t('editor.pause'),
        cancelText: t('common.cancel'),
        onOk: () => pause(entries),
      });
    },
    [modal, t],
  );
}
