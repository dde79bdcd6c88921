import { ArrowLeftOutlined } from '@ant-design/icons';
import { diffGraphs, type GraphDiff, type JourneyGraphInput, type NodeTypeDescription } from '@journey/nodes';
import { ReactFlowProvider } from '@xyflow/react';
import { Button, Empty, Result, Select, Spin, Tag, Tooltip } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Journey, type JourneyVersion } from '../api/client.ts';
import { friendlyError } from '../api/friendly-error.ts';
import { LanguageSwitch } from '../app/language-switch.tsx';
import { navigate } from '../app/router.ts';
import { expireOnUnauthorized } from '../auth/session-store.ts';
import type { NodeMark } from '../canvas/canvas-view.ts';
import { JourneyFlow } from '../canvas/journey-flow.tsx';
import { useEditorStore } from '../canvas/store.ts';
import { fieldTitle, type JsonSchema } from '../forms/schema-model.ts';
import { useLocale } from '../i18n/i18n.ts';
import './versions.css';

type Loaded =
  | { state: 'loading' }
  | { state: 'failed'; error: unknown }
  | { state: 'ready'; journey: Journey; versions: JourneyVersion[]; nodeTypes: NodeTypeDescription[] };

/** What the viewed version is compared with: the current draft, or another version by number. */
type Against = 'draft' | number;

/**
 * One published version of a journey, read-only on its own canvas, with who published it and when,
 * compared with the current draft or another version: the nodes added, removed and changed (which
 * fields, which connections) from the older to the newer, marked on the canvas too.
 */
export function VersionPage({ journeyId, version }: { journeyId: string; version: number }) {
  const { t } = useTranslation();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });

  useEffect(() => {
    let current = true;
    Promise.all([api.getJourney(journeyId), api.versions(journeyId), api.nodeTypes()]).then(
      ([journey, { items: versions }, { items: nodeTypes }]) => {
        if (current) setLoaded({ state: 'ready', journey, versions, nodeTypes });
      },
      (error: unknown) => {
        if (current && !expireOnUnauthorized(error)) setLoaded({ state: 'failed', error });
      },
    );
    return () => {
      current = false;
    };
  }, [journeyId]);

  if (loaded.state === 'loading') return <Spin fullscreen />;
  const viewed = loaded.state === 'ready' ? loaded.versions.find((v) => v.version === version) : undefined;
  if (loaded.state === 'failed' || !viewed) {
    return (
      <Result
        status="warning"
        title={loaded.state === 'failed' ? t('editor.loadFailed') : t('editor.versionNotFound')}
        {...(loaded.state === 'failed' ? { subTitle: friendlyError(loaded.error, t) } : {})}
        extra={
          <Button type="primary" onClick={() => navigate({ page: 'journey', id: journeyId })}>
            {t('editor.versionBack')}
          </Button>
        }
      />
    );
  }
  return (
    <ReactFlowProvider>
      <VersionLayout journey={loaded.journey} versions={loaded.versions} viewed={viewed} nodeTypes={loaded.nodeTypes} />
    </ReactFlowProvider>
  );
}

function VersionLayout(props: { journey: Journey; versions: JourneyVersion[]; viewed: JourneyVersion; nodeTypes: NodeTypeDescription[] }) {
  const { journey, versions, viewed, nodeTypes } = props;
  const { t } = useTranslation();
  const locale = useLocale();
  const [against, setAgainst] = useState<Against>('draft');
  const [ready, setReady] = useState(false);

  useEffect(() => {
    // The canvas draws the editor store: it holds this version (nothing here saves it).
    useEditorStore.getState().load({ ...journey, graph: viewed.graph }, nodeTypes);
    setReady(true);
  }, [journey, viewed, nodeTypes]);

  const label = (a: Against) => (a === 'draft' ? t('editor.versionCompareDraft') : t('journeys.version', { version: a }));
  // From the older to the newer; the draft is the newest.
  const viewedIsOlder = against === 'draft' || against > viewed.version;
  const [from, to]: [Against, Against] = viewedIsOlder ? [viewed.version, against] : [against, viewed.version];
  const diff = useMemo(() => {
    const graphOf = (a: Against): JourneyGraphInput => (a === 'draft' ? journey.graph : versions.find((v) => v.version === a)!.graph);
    return diffGraphs(graphOf(from), graphOf(to));
  }, [from, to, journey, versions]);
  const marks = useMemo(() => {
    const out: Record<string, NodeMark> = {};
    for (const n of viewedIsOlder ? diff.removed : diff.added) out[n.id] = viewedIsOlder ? 'removed' : 'added';
    for (const c of diff.changed) out[c.nodeId] = 'changed';
    return out;
  }, [diff, viewedIsOlder]);

  const time = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(viewed.publishedAt));
  const options: { value: string; label: string }[] = [
    { value: 'draft', label: label('draft') },
    ...versions.filter((v) => v.version !== viewed.version).map((v) => ({ value: String(v.version), label: label(v.version) })),
  ];
  return (
    <div className="version-view">
      <header className="monitor-bar">
        <Tooltip title={t('editor.versionBack')}>
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('editor.versionBack')} onClick={() => navigate({ page: 'journey', id: journey.id })} />
        </Tooltip>
        <span className="monitor-name">{journey.name}</span>
        <Tag data-testid="version-title">{t('editor.versionReadOnly', { version: viewed.version })}</Tag>
        <span className="muted" data-testid="version-published">
          {viewed.publisher ? t('editor.versionPublished', { name: viewed.publisher, time }) : t('editor.versionPublishedAt', { time })}
        </span>
        {viewed.note && (
          <Tooltip title={viewed.note}>
            <span className="version-note" data-testid="version-note">{t('editor.versionNote', { note: viewed.note })}</span>
          </Tooltip>
        )}
        <div className="monitor-bar-actions">
          <LanguageSwitch />
          <span>{t('editor.versionCompare')}</span>
          <Select
            aria-label={t('editor.versionCompare')}
            value={String(against)}
            options={options}
            style={{ width: 140 }}
            onChange={(value: string) => setAgainst(value === 'draft' ? 'draft' : Number(value))}
          />
        </div>
      </header>
      <div className="monitor-body">
        <main className="monitor-canvas">
          {ready && <JourneyFlow readOnly marks={marks} nodesDraggable={false} nodesConnectable={false} edgesFocusable={false} deleteKeyCode={null} />}
        </main>
        <DiffPanel diff={diff} title={t('editor.versionDiff', { from: label(from), to: label(to) })} nodeTypes={nodeTypes} />
      </div>
    </div>
  );
}

/** The differences as a list: nodes added, removed, and changed with the fields and connections that differ. */
function DiffPanel({ diff, title, nodeTypes }: { diff: GraphDiff; title: string; nodeTypes: NodeTypeDescription[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const byType = useMemo(() => new Map(nodeTypes.map((d) => [d.type, d])), [nodeTypes]);
  const name = (node: { type: string; label?: string | undefined }) => node.label?.trim() || byType.get(node.type)?.title[locale] || node.type;
  const field = (type: string, path: string) => {
    const [key] = path.split('.');
    if (key === 'label') return t('editor.nodeLabel');
    const schema = (byType.get(type)?.configSchema as JsonSchema | undefined)?.properties?.[key!];
    return (schema && fieldTitle(schema, locale)) ?? key!;
  };
  const empty = diff.added.length + diff.removed.length + diff.changed.length === 0;
  return (
    <aside className="version-diff" aria-label={title}>
      <div className="panel-title">{title}</div>
      <div className="version-diff-counts">
        <Tag color="green">{t('editor.versionAdded', { count: diff.added.length })}</Tag>
        <Tag color="red">{t('editor.versionRemoved', { count: diff.removed.length })}</Tag>
        <Tag color="orange">{t('editor.versionChanged', { count: diff.changed.length })}</Tag>
      </div>
      {empty && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('editor.versionSame')} />}
      <ul className="version-diff-list">
        {diff.added.map((n) => (
          <li key={`+${n.id}`} data-diff="added">
            <b>+</b> {name(n)}
          </li>
        ))}
        {diff.removed.map((n) => (
          <li key={`-${n.id}`} data-diff="removed">
            <b>−</b> {name(n)}
          </li>
        ))}
        {diff.changed.map((c) => (
          <li key={`~${c.nodeId}`} data-diff="changed">
            <b>~</b> {name(c)}
            <span className="muted">
              ：{[...new Set(c.fields.map((f) => field(c.type, f)))].join('、')}
              {c.ports.length > 0 && `${c.fields.length ? '、' : ''}${t('editor.versionPorts')}`}
            </span>
          </li>
        ))}
      </ul>
    </aside>
  );
}
