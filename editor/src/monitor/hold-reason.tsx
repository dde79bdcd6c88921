import { ClockCircleOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useDateFormat } from '../app/use-date-format.ts';
import './hold-reason.css';

/** A hold or skip reason code (`frequency_cap.workspace`, a plugin's `wecom.monthly_cap`) in words; an unknown code as it is. */
export function reasonText(t: TFunction, code: string): string {
  return t(`hold.reasons.${code.replaceAll('.', '_')}`, { defaultValue: code });
}

/** A held run's note: why it waits, and when its message will go. */
export function HeldNote({ held }: { held: { reason: string; until: string } }) {
  const { t } = useTranslation();
  const formatDate = useDateFormat();
  return (
    <div className="held-note" data-testid="held-note" data-reason={held.reason}>
      <Tag icon={<ClockCircleOutlined />} color="gold">
        {t('hold.held')}
      </Tag>
      <span>{reasonText(t, held.reason)}</span>
      <span className="muted"> · {t('hold.until', { time: formatDate(held.until) })}</span>
    </div>
  );
}
