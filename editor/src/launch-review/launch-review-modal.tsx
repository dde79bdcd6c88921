import { CloudUploadOutlined } from '@ant-design/icons';
import { isBlocking, vocabularyTitle, type Locale } from '@journey/nodes';
import { Alert, Button, Descriptions, Input, Modal, Spin, Tag, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type JourneyInFlight, type JourneyVersion, type ValidationProblem } from '../api/client.ts';
import { friendlyError } from '../api/friendly-error.ts';
import { currentGraph, useEditorStore } from '../canvas/store.ts';
import { useLocale } from '../i18n/i18n.ts';
import { entriesOf, journeyLimits, nodeName } from './review-facts.ts';
import { SimulationPanel } from './simulation-panel.tsx';
import './launch-review.css';

/** The longest note the API keeps with a version. */
const NOTE_MAX = 500;

type Checks =
  | { state: 'loading' }
  | { state: 'failed'; error: unknown }
  | { state: 'ready'; problems: ValidationProblem[]; inFlight: JourneyInFlight['versions']; versions: JourneyVersion[] };

/**
 * What 发布 opens: who enters and how, the journey's limits, the problems and warnings of the draft,
 * where contacts of earlier versions are (they stay there), and a dry run on sample contacts. Publishing
 * happens only from here, and not while the draft has errors.
 */
export function LaunchReviewModal(props: { open: boolean; publishing: boolean; onClose: () => void; onPublish: (note: string) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const journey = useEditorStore((s) => s.journey);
  const nodes = useEditorStore((s) => s.nodes);
  const library = useEditorStore((s) => s.nodeTypes);
  const settings = useEditorStore((s) => s.settings);
  const [checks, setChecks] = useState<Checks>({ state: 'loading' });
  const [note, setNote] = useState('');

  const journeyId = journey?.id;
  const published = journey?.publishedVersion ?? null;
  useEffect(() => {
    if (!props.open || !journeyId) return;
    let current = true;
    setChecks({ state: 'loading' });
    setNote('');
    Promise.all([
      api.validate(currentGraph()),
      published === null ? { versions: [] } : api.inFlight(journeyId),
      published === null ? { items: [] } : api.versions(journeyId),
    ]).then(
      ([validation, inFlight, versions]) => current && setChecks({ state: 'ready', problems: validation.problems, inFlight: inFlight.versions, versions: versions.items }),
      (error: unknown) => current && setChecks({ state: 'failed', error }),
    );
    return () => {
      current = false;
    };
  }, [props.open, journeyId, published]);

  const byId = new Map(nodes.map((n) => [n.id, n]));
  const name = (id: string) => nodeName(byId.get(id), library, locale);
  const entries = entriesOf(nodes, library);
  const limits = journeyLimits(settings);
  const problems = checks.state === 'ready' ? checks.problems : [];
  const errors = problems.filter(isBlocking);
  const warnings = problems.filter((p) => !isBlocking(p));
  const problemList = (list: ValidationProblem[]) => (
    <ul className="launch-list">
      {list.map((p, i) => (
        <li key={i}>
          {p.nodeId ? `「${name(p.nodeId)}」` : ''}
          {p.message[locale]}
        </li>
      ))}
    </ul>
  );

  return (
    <Modal
      open={props.open}
      onCancel={props.onClose}
      title={t('launch.title')}
      width={960}
      destroyOnHidden
      className="launch-review"
      footer={[
        <Button key="cancel" onClick={props.onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="publish"
          type="primary"
          icon={<CloudUploadOutlined />}
          loading={props.publishing}
          disabled={checks.state !== 'ready' || errors.length > 0}
          onClick={() => props.onPublish(note)}
          data-testid="launch-publish"
        >
          {t('launch.publish', { version: (published ?? 0) + 1 })}
        </Button>,
      ]}
    >
      <section aria-labelledby="launch-entry">
        <h3 id="launch-entry">{t('launch.entryTitle')}</h3>
        {entries.length === 0 ? (
          <p className="muted">{t('launch.noEntry')}</p>
        ) : (
          <ul className="launch-list" data-testid="launch-entries">
            {entries.map(({ node, trigger }) => (
              <li key={node.id}>
                <strong>{name(node.id)}</strong>：{t('launch.entryWhen', { event: vocabularyTitle('event', trigger.event, locale) })}
                {trigger.sources.length === 0
                  ? t('launch.anySource')
                  : t('launch.fromSources', { sources: trigger.sources.map((s) => vocabularyTitle('source', s, locale)).join('、') })}
                <Tag className="launch-reentry">{t(`launch.reentry.${trigger.reentry}`)}</Tag>
              </li>
            ))}
          </ul>
        )}
        <p className="muted">{t('launch.enrollNote')}</p>
      </section>

      <section aria-labelledby="launch-limits">
        <h3 id="launch-limits">{t('launch.limitsTitle')}</h3>
        <Descriptions size="small" column={2} bordered data-testid="launch-limits">
          <Descriptions.Item label={t('settings.timezone')}>{limits.timezone}</Descriptions.Item>
          <Descriptions.Item label={t('settings.quietHours')}>
            {limits.quietHours ? `${limits.quietHours.start}–${limits.quietHours.end}` : t('launch.notSet')}
          </Descriptions.Item>
          <Descriptions.Item label={t('settings.frequencyCap')}>
            {limits.frequencyCap
              ? t('launch.capValue', {
                  max: limits.frequencyCap.max,
                  hours: limits.frequencyCap.perHours,
                  channels: (limits.frequencyCap.channels ?? []).length
                    ? (limits.frequencyCap.channels ?? []).map((c) => vocabularyTitle('channel', c, locale)).join('、')
                    : t('settings.capAllChannels'),
                })
              : t('launch.notSet')}
          </Descriptions.Item>
          <Descriptions.Item label={t('settings.exitEvent')}>
            {limits.exitEvent ? <VocabularyName kind="event" id={limits.exitEvent} locale={locale} /> : t('launch.notSet')}
          </Descriptions.Item>
        </Descriptions>
      </section>

      <section aria-labelledby="launch-checks">
        <h3 id="launch-checks">{t('launch.checksTitle')}</h3>
        {checks.state === 'loading' && <Spin size="small" />}
        {checks.state === 'failed' && <Alert type="error" showIcon title={friendlyError(checks.error, t)} />}
        {checks.state === 'ready' && (
          <div data-testid="launch-checks" className="launch-checks">
            {errors.length > 0 && <Alert type="error" showIcon title={t('launch.errors', { count: errors.length })} description={problemList(errors)} />}
            {warnings.length > 0 && <Alert type="warning" showIcon title={t('launch.warnings', { count: warnings.length })} description={problemList(warnings)} />}
            {errors.length === 0 && warnings.length === 0 && <Alert type="success" showIcon title={t('launch.allClear')} />}
          </div>
        )}
      </section>

      <section aria-labelledby="launch-versions">
        <h3 id="launch-versions">{t('launch.versionsTitle')}</h3>
        {published === null ? (
          <p>{t('launch.firstVersion')}</p>
        ) : checks.state !== 'ready' ? null : (
          <div data-testid="launch-in-flight">
            <p>{t('launch.stayNote', { version: published + 1 })}</p>
            {checks.inFlight.length === 0 ? (
              <p className="muted">{t('launch.noneInFlight')}</p>
            ) : (
              <ul className="launch-list">
                {checks.inFlight.map((v) => {
                  const graph = checks.versions.find((x) => x.version === v.version)?.graph;
                  const label = (id: string) => nodeName(graph?.nodes.find((n) => n.id === id), library, locale) || id;
                  return (
                    <li key={v.version}>
                      <strong>{t('journeys.version', { version: v.version })}</strong>：{t('launch.contactsCount', { count: v.contacts })}
                      {' — '}
                      {Object.entries(v.nodes)
                        .map(([nodeId, count]) => t('launch.atNode', { node: label(nodeId), count }))
                        .join('，')}
                    </li>
                  );
                })}
              </ul>
            )}
          </div>
        )}
      </section>

      <section aria-labelledby="launch-note">
        <h3 id="launch-note">{t('launch.noteTitle')}</h3>
        <Input.TextArea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={NOTE_MAX}
          showCount
          autoSize={{ minRows: 2, maxRows: 5 }}
          placeholder={t('launch.notePlaceholder', { max: NOTE_MAX })}
          aria-labelledby="launch-note"
          data-testid="launch-note"
        />
      </section>

      <section aria-labelledby="launch-simulation">
        <h3 id="launch-simulation">{t('launch.simulationTitle')}</h3>
        <p className="muted">{t('launch.simulationHelp')}</p>
        {journeyId && <SimulationPanel journeyId={journeyId} entryEvent={entries[0]?.trigger.event ?? 'contact.acquired'} defaultSource={entries[0]?.trigger.sources[0] ?? 'douyin_live'} />}
      </section>
    </Modal>
  );
}

/** A vocabulary id shown by its name, with the id itself in a tooltip for developers. */
export function VocabularyName({ kind, id, locale }: { kind: 'event' | 'source' | 'channel'; id: string; locale: Locale }) {
  const title = vocabularyTitle(kind, id, locale);
  return title === id ? <span>{id}</span> : <Tooltip title={id}><span>{title}</span></Tooltip>;
}
