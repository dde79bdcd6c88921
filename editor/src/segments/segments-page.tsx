import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { segmentDefinitionSchema } from '@journey/nodes';
import { App, Button, Card, Empty, Input, InputNumber, List, Popconfirm, Progress, Select, Space, Switch, Table, Tag, Tooltip } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { api, type Journey, type Segment, type SegmentEnrollment, type SegmentInput } from '../api/client.ts';
import { PageLayout } from '../app/page-layout.tsx';
import { routeHash } from '../app/router.ts';
import { useDateFormat } from '../app/use-date-format.ts';
import { useErrorToast } from '../app/use-error-toast.ts';
import { schemaIssues } from '../forms/config-issues.ts';
import { SchemaForm } from '../forms/schema-form.tsx';
import type { JsonSchema } from '../forms/schema-model.ts';
import { pinyinSearch } from '../forms/search-match.ts';
import { useLocale } from '../i18n/i18n.ts';
import './segments.css';

/** The segment rule form, generated from the one segment schema (the condition node's rule vocabulary). */
const DEFINITION_FORM = z.toJSONSchema(segmentDefinitionSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
const NEW_SEGMENT: SegmentInput = { name: '', match: 'all', rules: [{ kind: 'tag', op: 'has', tag: '' }] };
const POLL_MS = 1500;
/** How long typing may pause before the rules are counted again. */
const PREVIEW_DELAY_MS = 300;

type Editing = { id: string | null; draft: SegmentInput };

/**
 * Segments: saved rules over tags, attributes, membership, balance and behaviour; a count of who is
 * in each now; enrolment of a segment into a live journey, with its progress.
 */
export function SegmentsPage() {
  const { t } = useTranslation();
  const fail = useErrorToast();
  const [segments, setSegments] = useState<Segment[]>([]);
  const [editing, setEditing] = useState<Editing | null>(null);

  const reload = useCallback(() => api.segments().then((page) => setSegments(page.items), fail), [fail]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const open = (segment: Segment) => setEditing({ id: segment.id, draft: { name: segment.name, match: segment.match, rules: segment.rules } });

  return (
    <PageLayout
      title={t('segments.title')}
      wide
      actions={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ id: null, draft: NEW_SEGMENT })}>
          {t('segments.create')}
        </Button>
      }
    >
      <div className="segments-grid">
        <Card size="small" title={t('segments.list')}>
          <List
            dataSource={segments}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('segments.empty')} /> }}
            renderItem={(segment) => (
              <List.Item
                className={segment.id === editing?.id ? 'segment-item segment-item-current' : 'segment-item'}
                onClick={() => open(segment)}
              >
                <List.Item.Meta title={<a>{segment.name}</a>} description={t('segments.ruleCount', { count: segment.rules.length })} />
              </List.Item>
            )}
          />
        </Card>
        {editing ? (
          <SegmentEditor
            key={editing.id ?? 'new'}
            editing={editing}
            onSaved={(saved) => {
              void reload();
              open(saved);
            }}
            onDeleted={() => {
              setEditing(null);
              void reload();
            }}
          />
        ) : (
          <Empty description={t('segments.pick')} />
        )}
      </div>
    </PageLayout>
  );
}

function SegmentEditor({ editing, onSaved, onDeleted }: { editing: Editing; onSaved: (segment: Segment) => void; onDeleted: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const fail = useErrorToast();
  const [draft, setDraft] = useState<SegmentInput>(editing.draft);
  const [saving, setSaving] = useState(false);
  const [showIssues, setShowIssues] = useState(false);
  const issues = useMemo(() => schemaIssues(segmentDefinitionSchema, { match: draft.match, rules: draft.rules }, locale), [draft, locale]);
  const nameMissing = !draft.name.trim();

  const save = async () => {
    setShowIssues(true);
    if (nameMissing || Object.keys(issues).length > 0) return;
    setSaving(true);
    try {
      const saved = editing.id === null ? await api.createSegment(draft) : await api.saveSegment(editing.id, draft);
      void message.success(t('segments.saved'));
      onSaved(saved);
    } catch (error) {
      fail(error);
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (editing.id === null) return;
    try {
      await api.deleteSegment(editing.id);
      onDeleted();
    } catch (error) {
      fail(error);
    }
  };

  return (
    <div className="segment-editor">
      <Card
        size="small"
        title={editing.id === null ? t('segments.create') : t('segments.edit')}
        extra={
          <Space>
            {editing.id !== null && (
              <Popconfirm title={t('segments.deleteConfirm')} okText={t('segments.delete')} okButtonProps={{ danger: true }} onConfirm={() => void remove()}>
                <Button danger>{t('segments.delete')}</Button>
              </Popconfirm>
            )}
            <Button type="primary" loading={saving} onClick={() => void save()}>
              {t('segments.save')}
            </Button>
          </Space>
        }
      >
        <label className="segment-name">
          <span>{t('segments.name')}</span>
          <Input
            value={draft.name}
            maxLength={200}
            status={showIssues && nameMissing ? 'error' : undefined}
            placeholder={t('segments.namePlaceholder')}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          />
        </label>
        <SchemaForm
          schema={DEFINITION_FORM}
          value={{ match: draft.match, rules: draft.rules }}
          onChange={(definition) => setDraft({ ...draft, ...(definition as Pick<SegmentInput, 'match' | 'rules'>) })}
          errors={showIssues ? issues : {}}
        />
      </Card>
      <SegmentPreview definition={Object.keys(issues).length === 0 ? { match: draft.match, rules: draft.rules } : null} />
      {editing.id !== null && <SegmentEnrollments segmentId={editing.id} />}
    </div>
  );
}

/**
 * How many contacts the rules being edited select now, and the first of them: counted again when the
 * rules change and typing pauses; nothing while the rules are incomplete (`definition` null).
 */
function SegmentPreview({ definition }: { definition: Pick<SegmentInput, 'match' | 'rules'> | null }) {
  const { t } = useTranslation();
  const fail = useErrorToast();
  const [preview, setPreview] = useState<Awaited<ReturnType<typeof api.previewSegment>> | null>(null);
  const [counting, setCounting] = useState(false);
  const [round, setRound] = useState(0);
  const key = definition === null ? null : JSON.stringify(definition);

  useEffect(() => {
    if (key === null) return;
    let current = true;
    const timer = window.setTimeout(() => {
      setCounting(true);
      api
        .previewSegment(JSON.parse(key) as Pick<SegmentInput, 'match' | 'rules'>)
        .then((answer) => current && setPreview(answer), fail)
        .finally(() => current && setCounting(false));
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [key, round, fail]);

  return (
    <Card
      size="small"
      title={t('segments.preview')}
      extra={
        <Button size="small" icon={<ReloadOutlined />} loading={counting} disabled={key === null} aria-label={t('segments.refresh')} onClick={() => setRound((r) => r + 1)} />
      }
    >
      {key === null ? (
        <span className="muted">{t('segments.incomplete')}</span>
      ) : (
        <>
          <div className="segment-count" data-testid="segment-count">
            {preview === null ? '…' : t('segments.count', { count: preview.count })}
          </div>
          {preview && preview.contacts.length > 0 && (
            <div className="segment-sample">
              <span className="muted">{t('segments.sample')}</span>
              {preview.contacts.map((c) => (
                <Tooltip key={c.id} title={c.name ? t('contacts.idTooltip', { id: c.id }) : undefined}>
                  <a href={routeHash({ page: 'contact', id: c.id })}>{c.name || c.id}</a>
                </Tooltip>
              ))}
            </div>
          )}
        </>
      )}
    </Card>
  );
}

const ENROLLMENT_COLORS: Record<SegmentEnrollment['status'], string> = { pending: 'default', running: 'processing', done: 'success', failed: 'error' };

/** Enrols the segment into a live journey, once or on a schedule, and shows each enrolment's progress. */
function SegmentEnrollments({ segmentId }: { segmentId: string }) {
  const { t } = useTranslation();
  const formatDate = useDateFormat();
  const fail = useErrorToast();
  const [journeys, setJourneys] = useState<Journey[]>([]);
  const [journeyId, setJourneyId] = useState<string | null>(null);
  const [repeat, setRepeat] = useState(false);
  const [everyHours, setEveryHours] = useState(24);
  const [enrollments, setEnrollments] = useState<SegmentEnrollment[]>([]);
  const [starting, setStarting] = useState(false);

  useEffect(() => {
    api.listJourneys().then((page) => setJourneys(page.items), fail);
  }, [fail]);

  const refresh = useCallback(() => api.segmentEnrollments(segmentId).then((r) => setEnrollments(r.items), fail), [segmentId, fail]);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const working = enrollments.some((e) => e.status === 'pending' || e.status === 'running');
  useEffect(() => {
    if (!working) return;
    const timer = window.setInterval(() => void refresh(), POLL_MS);
    return () => window.clearInterval(timer);
  }, [working, refresh]);

  const names = new Map(journeys.map((j) => [j.id, j.name]));
  const live = journeys.filter((j) => j.status === 'live');

  const start = async () => {
    if (!journeyId) return;
    setStarting(true);
    try {
      await api.enrollSegment(segmentId, { journeyId, ...(repeat ? { schedule: { everyHours } } : {}) });
      await refresh();
    } catch (error) {
      fail(error);
    } finally {
      setStarting(false);
    }
  };

  return (
    <Card size="small" title={t('segments.enroll')}>
      <div className="segment-enroll-form">
        <Select<string>
          showSearch={pinyinSearch}
          aria-label={t('segments.journey')}
          placeholder={live.length ? t('segments.pickJourney') : t('segments.noLiveJourney')}
          value={journeyId}
          options={live.map((j) => ({ value: j.id, label: j.name }))}
          onChange={setJourneyId}
          style={{ width: 240 }}
        />
        <label className="segment-repeat">
          <Switch size="small" checked={repeat} onChange={setRepeat} aria-label={t('segments.repeat')} />
          <span>{t('segments.repeat')}</span>
        </label>
        {repeat && (
          <InputNumber
            aria-label={t('segments.everyHours')}
            min={1}
            max={24 * 365}
            precision={0}
            value={everyHours}
            onChange={(v) => setEveryHours(v ?? 24)}
            suffix={t('segments.hours')}
          />
        )}
        <Button type="primary" disabled={!journeyId} loading={starting} onClick={() => void start()}>
          {t('segments.enrollButton')}
        </Button>
      </div>
      <p className="muted">{t('segments.enrollHelp')}</p>
      <Table<SegmentEnrollment>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={enrollments}
        locale={{ emptyText: t('segments.noEnrollments') }}
        columns={[
          {
            title: t('segments.journey'),
            key: 'journey',
            render: (_, e) => <a href={routeHash({ page: 'monitor', id: e.journeyId })}>{names.get(e.journeyId) ?? e.journeyId}</a>,
          },
          {
            title: t('segments.status'),
            key: 'status',
            width: 100,
            render: (_, e) => (
              <Tooltip title={e.error ?? undefined}>
                <Tag color={ENROLLMENT_COLORS[e.status]} data-testid="enrollment-status">
                  {t(`segments.enrollmentStatus.${e.status}`)}
                </Tag>
              </Tooltip>
            ),
          },
          {
            title: t('segments.progress'),
            key: 'progress',
            width: 260,
            render: (_, e) => (
              <div data-testid="enrollment-progress">
                <Progress
                  size="small"
                  percent={e.total === 0 ? (e.status === 'done' ? 100 : 0) : Math.round(((e.enrolled + e.skipped) / e.total) * 100)}
                  status={e.status === 'failed' ? 'exception' : e.status === 'done' ? 'success' : 'active'}
                />
                <span className="muted">{t('segments.progressText', { enrolled: e.enrolled, skipped: e.skipped, total: e.total })}</span>
              </div>
            ),
          },
          {
            title: t('segments.schedule'),
            key: 'schedule',
            render: (_, e) =>
              e.schedule
                ? t('segments.scheduleEvery', { hours: e.schedule.everyHours }) + (e.nextRunAt ? ` · ${t('segments.nextRun', { time: formatDate(e.nextRunAt) })}` : '')
                : t('segments.once'),
          },
          { title: t('segments.startedAt'), key: 'createdAt', width: 170, render: (_, e) => formatDate(e.createdAt) },
        ]}
      />
    </Card>
  );
}
