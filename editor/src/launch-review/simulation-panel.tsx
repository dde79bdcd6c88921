import { DeleteOutlined, PlayCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { KNOWN_EVENTS, SOURCE_TITLES, vocabularyTitle, type BuiltinSource } from '@journey/nodes';
import { Alert, AutoComplete, Button, Card, Input, InputNumber, Radio, Select, Space, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Simulation, type SimulationRequest } from '../api/client.ts';
import { friendlyError } from '../api/friendly-error.ts';
import { useDateFormat } from '../app/use-date-format.ts';
import { currentGraph, useEditorStore } from '../canvas/store.ts';
import { useLocale } from '../i18n/i18n.ts';
import { pinyinSearch } from '../forms/search-match.ts';
import { nodeName, portName } from './review-facts.ts';

/** A later event of a sample contact, `days` and `hours` after the start. */
interface SampleEventDraft {
  type: string;
  days: number;
  hours: number;
}

/** A sample contact as the form holds it: a stored contact by id, or one described by name, tags and entry source. */
interface SampleDraft {
  key: number;
  kind: 'described' | 'stored';
  contactId: string;
  name: string;
  tags: string[];
  /** The entry source of its entry event; `null` enrols it directly, without an event. */
  source: string | null;
  events: SampleEventDraft[];
}

const HORIZONS = [7, 30, 90] as const;
let nextKey = 1;

function newSample(index: number, source: string, prefix: string): SampleDraft {
  return { key: nextKey++, kind: 'described', contactId: `sample_${index}`, name: `${prefix} ${index}`, tags: [], source, events: [] };
}

/** The request of the dry run: the entry event (with its source) at the start, then each later event. */
function toRequest(samples: readonly SampleDraft[], entryEvent: string, horizonDays: number): SimulationRequest {
  return {
    graph: currentGraph(),
    settings: useEditorStore.getState().settings,
    horizon: { days: horizonDays },
    contacts: samples.map((s) =>
      s.kind === 'stored' ? { kind: 'stored', contactId: s.contactId } : { kind: 'described', contactId: s.contactId, ...(s.name ? { name: s.name } : {}), tags: s.tags },
    ),
    events: samples.flatMap((s) => [
      ...(s.source === null ? [] : [{ contactId: s.contactId, type: entryEvent, properties: { source: s.source } }]),
      ...s.events.filter((e) => e.type).map((e) => ({ contactId: s.contactId, type: e.type, after: { days: e.days, hours: e.hours } })),
    ]),
  };
}

/** The dry run in the launch review: sample contacts (picked or described) and each one's path through the draft. */
export function SimulationPanel(props: { journeyId: string; entryEvent: string; defaultSource: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [samples, setSamples] = useState<SampleDraft[]>(() => [newSample(1, props.defaultSource, t('launch.sampleName'))]);
  const [horizon, setHorizon] = useState<number>(30);
  const [result, setResult] = useState<{ state: 'idle' } | { state: 'running' } | { state: 'failed'; error: unknown } | { state: 'done'; simulation: Simulation }>({ state: 'idle' });

  const update = (key: number, patch: Partial<SampleDraft>) => setSamples((all) => all.map((s) => (s.key === key ? { ...s, ...patch } : s)));
  const sourceOptions = [
    { value: '', label: t('launch.enrollDirectly') },
    ...(Object.keys(SOURCE_TITLES) as BuiltinSource[]).map((s) => ({ value: s, label: SOURCE_TITLES[s][locale] })),
  ];
  const eventOptions = KNOWN_EVENTS.map((e) => ({ value: e, label: vocabularyTitle('event', e, locale), title: e }));

  const run = () => {
    setResult({ state: 'running' });
    api.simulate(props.journeyId, toRequest(samples, props.entryEvent, horizon)).then(
      (simulation) => setResult({ state: 'done', simulation }),
      (error: unknown) => setResult({ state: 'failed', error }),
    );
  };

  return (
    <div className="simulation" data-testid="simulation">
      <ol className="sample-list">
        {samples.map((s, index) => (
          <li key={s.key} className="sample" data-testid="sample-contact">
            <Space wrap align="start">
              <Radio.Group
                size="small"
                optionType="button"
                value={s.kind}
                onChange={(e) => update(s.key, { kind: e.target.value as SampleDraft['kind'], contactId: e.target.value === 'stored' ? '' : `sample_${index + 1}` })}
                options={[
                  { value: 'described', label: t('launch.described') },
                  { value: 'stored', label: t('launch.stored') },
                ]}
              />
              {s.kind === 'stored' ? (
                <Input
                  size="small"
                  className="sample-id"
                  placeholder={t('launch.contactIdPlaceholder')}
                  aria-label={t('launch.contactId')}
                  value={s.contactId}
                  onChange={(e) => update(s.key, { contactId: e.target.value.trim() })}
                />
              ) : (
                <>
                  <Input size="small" className="sample-name" aria-label={t('launch.name')} placeholder={t('launch.name')} value={s.name} onChange={(e) => update(s.key, { name: e.target.value })} />
                  <Select
                    size="small"
                    mode="tags"
                    className="sample-tags"
                    aria-label={t('launch.tags')}
                    placeholder={t('launch.tags')}
                    value={s.tags}
                    onChange={(tags: string[]) => update(s.key, { tags })}
                    open={false}
                  />
                </>
              )}
              <Select
                size="small"
                className="sample-source"
                aria-label={t('launch.entrySource')}
                value={s.source ?? ''}
                showSearch={pinyinSearch}
                options={sourceOptions}
                onChange={(v: string) => update(s.key, { source: v === '' ? null : v })}
              />
              <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('common.delete')} disabled={samples.length === 1} onClick={() => setSamples((all) => all.filter((x) => x.key !== s.key))} />
            </Space>
            {s.events.map((e, i) => (
              <Space key={i} className="sample-event" data-testid="sample-event">
                <span className="muted">{t('launch.then')}</span>
                <InputNumber size="small" min={0} max={365} value={e.days} aria-label={t('launch.afterDays')} suffix={t('launch.daysUnit')} onChange={(v) => update(s.key, { events: s.events.map((x, j) => (j === i ? { ...x, days: v ?? 0 } : x)) })} />
                <InputNumber size="small" min={0} max={23} value={e.hours} aria-label={t('launch.afterHours')} suffix={t('settings.capHoursUnit')} onChange={(v) => update(s.key, { events: s.events.map((x, j) => (j === i ? { ...x, hours: v ?? 0 } : x)) })} />
                <AutoComplete
                  size="small"
                  className="sample-event-type"
                  aria-label={t('launch.eventType')}
                  placeholder={t('launch.eventType')}
                  value={e.type}
                  options={eventOptions}
                  filterOption={pinyinSearch.filterOption}
                  onChange={(v: string) => update(s.key, { events: s.events.map((x, j) => (j === i ? { ...x, type: v } : x)) })}
                />
                <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => update(s.key, { events: s.events.filter((_, j) => j !== i) })} />
              </Space>
            ))}
            <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => update(s.key, { events: [...s.events, { type: '', days: 1, hours: 0 }] })}>
              {t('launch.addEvent')}
            </Button>
          </li>
        ))}
      </ol>
      <Space wrap>
        <Button size="small" icon={<PlusOutlined />} onClick={() => setSamples((all) => [...all, newSample(all.length + 1, props.defaultSource, t('launch.sampleName'))])} data-testid="add-sample">
          {t('launch.addSample')}
        </Button>
        <span>{t('launch.horizon')}</span>
        <Select size="small" value={horizon} onChange={setHorizon} aria-label={t('launch.horizon')} options={HORIZONS.map((d) => ({ value: d, label: t('launch.days', { count: d }) }))} />
        <Button type="primary" ghost icon={<PlayCircleOutlined />} loading={result.state === 'running'} onClick={run} data-testid="run-simulation">
          {t('launch.run')}
        </Button>
      </Space>
      {result.state === 'failed' && <Alert type="error" showIcon title={friendlyError(result.error, t)} className="simulation-error" />}
      {result.state === 'done' && <SimulationResults simulation={result.simulation} />}
    </div>
  );
}

type SimulatedRun = Simulation['contacts'][number]['runs'][number];

/** Each sample contact's runs: the path node by node with the port taken, messages, waits and the ending. */
function SimulationResults({ simulation }: { simulation: Simulation }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const format = useDateFormat();
  const nodes = useEditorStore((s) => s.nodes);
  const library = useEditorStore((s) => s.nodeTypes);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const name = (id: string) => nodeName(byId.get(id), library, locale) || id;

  const ending = (run: SimulatedRun) => {
    switch (run.status) {
      case 'completed':
        return <Tag color="green">{t('launch.endCompleted', { time: format(run.endedAt) })}</Tag>;
      case 'exited':
        return <Tag color="default">{t('launch.endExited', { node: name(run.nodeId), time: format(run.endedAt) })}</Tag>;
      case 'failed':
        return <Tag color="red">{t('launch.endFailed', { node: name(run.nodeId), error: run.error ?? '' })}</Tag>;
      default:
        return (
          <Tag color="blue">
            {run.wakeAt
              ? t('launch.endWaitingUntil', { node: name(run.nodeId), time: format(run.wakeAt) })
              : t('launch.endWaitingFor', { node: name(run.nodeId), event: vocabularyTitle('event', run.waitingFor ?? '', locale) })}
          </Tag>
        );
    }
  };

  return (
    <div className="simulation-results" data-testid="simulation-results">
      <p className="muted">{t('launch.window', { start: format(simulation.start), end: format(simulation.horizon) })}</p>
      {simulation.contacts.map((contact) => (
        <Card
          key={contact.contactId}
          size="small"
          data-testid="simulated-contact"
          title={
            <Tooltip title={contact.contactId}>
              <span>{contact.name ?? t('launch.unnamed')}</span>
            </Tooltip>
          }
          extra={contact.runs.length === 0 ? <Tag>{t('launch.neverEntered')}</Tag> : ending(contact.runs[contact.runs.length - 1]!)}
        >
          {contact.runs.length === 0 && <p className="muted">{t('launch.neverEnteredHelp')}</p>}
          {contact.runs.map((run, i) => (
            <ol key={i} className="simulated-path" data-testid="simulated-path">
              <li className="path-entry">
                {run.entry.by === 'enroll'
                  ? t('launch.enteredDirectly', { node: name(run.entry.nodeId), time: format(run.entry.at) })
                  : t('launch.enteredBy', {
                      node: name(run.entry.nodeId),
                      time: format(run.entry.at),
                      source: run.entry.source ? vocabularyTitle('source', run.entry.source, locale) : vocabularyTitle('event', run.entry.eventType ?? '', locale),
                    })}
              </li>
              {run.steps.map((step, j) => {
                const port = step.outcome === 'next' ? portName(step.nodeType, step.port, library, locale) : undefined;
                const wait = step.outcome === 'wait' || step.outcome === 'error' ? run.waits.find((w) => w.nodeId === step.nodeId && w.at === step.at) : undefined;
                const messages = step.outcome === 'next' ? run.messages.filter((m) => m.nodeId === step.nodeId && m.at === step.at) : [];
                const offers = step.outcome === 'next' ? run.effects.filter((e) => e.nodeId === step.nodeId && e.at === step.at && e.kind === 'offer') : [];
                return (
                  <li key={j} className={`path-step path-${step.outcome}`}>
                    <span className="path-time">{format(step.at)}</span>
                    <strong>{name(step.nodeId)}</strong>
                    {port && <span className="path-port"> → {port}</span>}
                    {step.outcome === 'wait' && wait && (
                      <span className="path-wait">
                        {' '}
                        {wait.until ? t('launch.waitUntil', { time: format(wait.until) }) : ''}
                        {wait.event ? t('launch.waitFor', { event: vocabularyTitle('event', wait.event, locale) }) : ''}
                      </span>
                    )}
                    {step.outcome === 'error' && <span className="path-error"> {t('launch.stepError', { error: step.error ?? '', time: format(wait?.until ?? null) })}</span>}
                    {step.outcome === 'exit_event' && <span> {t('launch.exitEvent')}</span>}
                    {messages.map((m, k) => (
                      <div key={k} className="path-message" data-testid="simulated-message">
                        <Tooltip title={m.channel}>
                          <Tag color="geekblue">{vocabularyTitle('channel', m.channel, locale)}</Tag>
                        </Tooltip>
                        {m.title && <strong>{m.title}：</strong>}
                        {m.body}
                      </div>
                    ))}
                    {offers.map((o, k) => (
                      <div key={k} className="path-message">
                        <Tag color="gold">{t('launch.offerIssued', { name: String(o.detail.name ?? ''), code: String(o.detail.code ?? '') })}</Tag>
                      </div>
                    ))}
                  </li>
                );
              })}
            </ol>
          ))}
        </Card>
      ))}
    </div>
  );
}
