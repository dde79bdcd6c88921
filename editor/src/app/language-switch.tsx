import { Segmented } from 'antd';
import type { Locale } from '@journey/nodes';
import { useTranslation } from 'react-i18next';
import { setLocale, useLocale } from '../i18n/i18n.ts';

const OPTIONS = [
  { value: 'zh-CN' as Locale, label: '中文' },
  { value: 'en' as Locale, label: 'EN' },
];

/** Switches the UI between Chinese and English; the choice is remembered in this browser. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const locale = useLocale();
  return <Segmented size="small" aria-label={t('common.language')} options={OPTIONS} value={locale} onChange={setLocale} />;
}
