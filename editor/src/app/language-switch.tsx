import { Segmented } from 'antd';
import type { Locale } from '@journey/nodes';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useSession } from '../auth/session-store.ts';
import { setLocale, useLocale } from '../i18n/i18n.ts';

const OPTIONS = [
  { value: 'zh-CN' as Locale, label: '中文' },
  { value: 'en' as Locale, label: 'EN' },
];

/** Switches the UI between Chinese and English: kept for the signed-in user, and in this browser. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const locale = useLocale();
  const signedIn = useSession((s) => s.status === 'signedIn');
  const change = (next: Locale) => {
    setLocale(next);
    // The browser already keeps the choice; failing to keep it for the user too is not worth an alarm.
    if (signedIn) api.updateMe({ locale: next }).catch(() => undefined);
  };
  return <Segmented size="small" aria-label={t('common.language')} options={OPTIONS} value={locale} onChange={change} />;
}
