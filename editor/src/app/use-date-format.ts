import { useMemo } from 'react';
import { useLocale } from '../i18n/i18n.ts';

/**
 * Formats the API's ISO timestamps for people, in the UI language and the browser's time zone;
 * `withSeconds` for step-by-step timelines. Null or unparsable input gives an em dash.
 */
export function useDateFormat(withSeconds = false): (iso: string | null | undefined) => string {
  const locale = useLocale();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: withSeconds ? 'medium' : 'short' });
    return (iso) => {
      const at = iso ? new Date(iso) : null;
      return at && !Number.isNaN(at.getTime()) ? format.format(at) : '—';
    };
  }, [locale, withSeconds]);
}
