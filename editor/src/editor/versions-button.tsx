import { HistoryOutlined } from '@ant-design/icons';
import { Button, Empty, Popover, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type JourneyVersion } from '../api/client.ts';
import { friendlyError } from '../api/friendly-error.ts';
import { navigate } from '../app/router.ts';
import { useEditorStore } from '../canvas/store.ts';
import { useLocale } from '../i18n/i18n.ts';

type Versions = { state: 'loading' } | { state: 'failed'; error: unknown } | { state: 'ready'; items: JourneyVersion[] };

/** "第 3 版" in the top bar; opens the version history: each version's publish time and publisher, and a link to read it. */
export function VersionsButton() {
  const { t } = useTranslation();
  const locale = useLocale();
  const journeyId = useEditorStore((s) => s.journey?.id);
  const version = useEditorStore((s) => s.journey?.publishedVersion ?? null);
  const [versions, setVersions] = useState<Versions>({ state: 'loading' });

  if (!journeyId || version === null) return <span className="muted">{t('journeys.notPublished')}</span>;

  const load = (open: boolean) => {
    if (!open) return;
    setVersions({ state: 'loading' });
    api.versions(journeyId).then(
      ({ items }) => setVersions({ state: 'ready', items }),
      (error: unknown) => setVersions({ state: 'failed', error }),
    );
  };
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });

  const content =
    versions.state === 'loading' ? (
      <Spin size="small" />
    ) : versions.state === 'failed' ? (
      <div className="muted">{friendlyError(versions.error, t)}</div>
    ) : versions.items.length === 0 ? (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
    ) : (
      <ol className="versions-list" aria-label={t('editor.versionHistory')}>
        {versions.items.map((v) => (
          <li key={v.version}>
            <span className="versions-number">{t('journeys.version', { version: v.version })}</span>
            {v.version === version && <span className="versions-current">{t('editor.currentVersion')}</span>}
            <time dateTime={v.publishedAt}>{format.format(new Date(v.publishedAt))}</time>
            {v.publisher && <span className="muted">{v.publisher}</span>}
            {v.note && <span className="versions-note" data-testid={`version-note-${v.version}`}>{v.note}</span>}
            <Button
              type="link"
              size="small"
              data-testid={`open-version-${v.version}`}
              onClick={() => navigate({ page: 'version', id: journeyId, version: v.version })}
            >
              {t('editor.versionOpen')}
            </Button>
          </li>
        ))}
      </ol>
    );
  return (
    <Popover trigger="click" placement="bottom" title={t('editor.versionHistory')} content={content} onOpenChange={load}>
      <Button type="text" size="small" icon={<HistoryOutlined />} data-testid="journey-version">
        {t('journeys.version', { version })}
      </Button>
    </Popover>
  );
}
