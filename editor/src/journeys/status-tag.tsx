import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JourneyStatus } from '../api/client.ts';

const COLORS: Record<JourneyStatus, string> = { draft: 'default', live: 'success', paused: 'warning', archived: 'default' };

/** A journey's status as a coloured tag: 草稿 / 运行中 / 已暂停. */
export function StatusTag({ status }: { status: JourneyStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-testid="journey-status" data-status={status}>
      {t(`status.${status}`)}
    </Tag>
  );
}
