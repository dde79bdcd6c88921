import { vocabularyTitle } from '@journey/nodes';
import { App, Card, DatePicker, Empty, InputNumber, Select, Spin, Statistic } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ButterflyAnalytics, type Journey } from '../api/client.ts';
import { PageLayout } from '../app/page-layout.tsx';
import { useErrorToast } from '../app/use-error-toast.ts';
import { pinyinSearch } from '../forms/search-match.ts';
import { useLocale } from '../i18n/i18n.ts';
import type { Messages } from '../i18n/zh-cn.ts';
import { SOURCE_GROUP_KEYS, STAGES } from './butterfly-analytics.ts';
import { EChartsView } from './echarts-view.tsx';
import { MetricTable, MetricTitle, type MetricColumn } from './metric-table.tsx';
import './dashboard.css';

const REFRESH_MS = 5000;
/** The sources the by-source chart shows, most contacts first; the table below it lists them all. */
const CHARTED_SOURCES = 10;

type Range = [Dayjs, Dayjs] | null;
type SourceRow = ButterflyAnalytics['bySource'][number];
type CacRow = Omit<ButterflyAnalytics['cac'][number], 'cost'> & { cost: number | null };
type GoalRow = ButterflyAnalytics['goals'][number];

/** The API's `from`/`to` of whole days picked in the browser's time zone (`to` is the day after the last). */
function rangeQuery(range: Range): { from?: string; to?: string } {
  return range ? { from: range[0].startOf('day').toISOString(), to: range[1].add(1, 'day').startOf('day').toISOString() } : {};
}

/**
 * The CAC table's rows: every source with spend entered, then every other source contacts came from
 * (so spend can be entered for it), referral and unknown left out as nobody pays for them.
 */
function cacRows(data: ButterflyAnalytics): CacRow[] {
  const priced = new Set(data.cac.map((c) => c.source));
  const unpriced = data.bySource
    .filter((s) => !priced.has(s.source) && s.source !== 'referral' && s.source !== 'unknown')
    .map((s) => ({ source: s.source, cost: null, acquired: s.acquired, withReferrals: s.acquired, cacBefore: null, cacAfter: null }));
  return [...data.cac, ...unpriced];
}

/**
 * The butterfly dashboard: stage funnel with stage-to-stage rates, stages by source group and by
 * source, fission, CAC before and after referral (spend entered here), repurchase, membership,
 * stored value and goals — for one journey or all, over a date range, refreshed live; every table
 * exports to CSV.
 */
export function DashboardPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  // One object per language (i18next copies it on each call), so the chart options below recompute only when it changes.
  const text = useMemo(() => t('dashboard', { returnObjects: true }) as Messages['dashboard'], [t]);
  const fail = useErrorToast();
  const [journeys, setJourneys] = useState<Journey[]>([]);
  const [journeyId, setJourneyId] = useState<string | null>(null);
  const [range, setRange] = useState<Range>(null);
  const [reloads, setReloads] = useState(0);
  const [data, setData] = useState<ButterflyAnalytics | null>(null);

  useEffect(() => {
    api.listJourneys().then((page) => setJourneys(page.items.filter((j) => j.publishedVersion !== null)), fail);
  }, [fail]);

  useEffect(() => {
    let stopped = false;
    const load = () => api.butterfly(journeyId, rangeQuery(range)).then((answer) => !stopped && setData(answer), fail);
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [journeyId, range, reloads, fail]);

  const sourceName = useCallback(
    (source: string) => (source === 'referral' ? text.groups.referral : source === 'unknown' ? text.unknownSource : vocabularyTitle('source', source, locale)),
    [text, locale],
  );
  const money = (n: number | null) => (n === null ? null : `¥${n.toFixed(2)}`);
  const percent = (n: number | null) => (n === null ? null : `${(n * 100).toFixed(1)}%`);

  const funnelOption = useMemo(
    () =>
      data && {
        tooltip: { trigger: 'item' },
        series: [{ type: 'funnel', sort: 'none', left: '10%', width: '80%',
          data: STAGES.map((s) => {
            const rate = s === 'acquired' ? null : data.stageRates[s];
            return { name: text.stages[s], value: data.funnel[s], label: { formatter: rate === null ? '{b}: {c}' : `{b}: {c} (${(rate * 100).toFixed(1)}%)` } };
          }) }],
      },
    [data, text],
  );
  const groupOption = useMemo(
    () =>
      data && {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 40, right: 16, top: 40, bottom: 24 },
        xAxis: { type: 'category', data: STAGES.map((s) => text.stages[s]) },
        yAxis: { type: 'value', minInterval: 1 },
        series: SOURCE_GROUP_KEYS.map((g) => ({ type: 'bar', name: text.groups[g], data: STAGES.map((s) => data.byGroup[g][s]) })),
      },
    [data, text],
  );

  const sourceOption = useMemo(() => {
    if (!data) return null;
    // Reversed: the category axis draws its first entry at the bottom, and the largest source goes on top.
    const charted = [...data.bySource].sort((a, b) => b.acquired - a.acquired).slice(0, CHARTED_SOURCES).reverse();
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: charted.map((row) => sourceName(row.source)) },
      series: STAGES.map((s) => ({ type: 'bar', name: text.stages[s], data: charted.map((row) => row[s]) })),
    };
  }, [data, text, sourceName]);

  const saveSpend = async (source: string, cost: number | null) => {
    if (cost === null) return;
    try {
      await api.putSourceCosts([{ source, cost }]);
      void message.success(t('dashboard.spendSaved', { source: sourceName(source) }));
      setReloads((n) => n + 1);
    } catch (error) {
      fail(error);
    }
  };

  const sourceCell = (source: string) => <span title={source}>{sourceName(source)}</span>;
  const stageColumns: MetricColumn<SourceRow>[] = STAGES.map((s) => ({ key: s, title: text.stages[s], help: text.help[s], value: (row) => row[s] }));
  const sourceColumns: MetricColumn<SourceRow>[] = [
    { key: 'source', title: text.source, value: (row) => sourceName(row.source), render: (row) => sourceCell(row.source) },
    { key: 'group', title: text.group, value: (row) => text.groups[row.group] },
    ...stageColumns,
    { key: 'conversionRate', title: text.conversionRate, help: text.help.conversionRate, value: (row) => percent(row.acquired > 0 ? row.converted / row.acquired : null) },
  ];
  const cacColumns: MetricColumn<CacRow>[] = [
    { key: 'source', title: text.source, value: (row) => sourceName(row.source), render: (row) => sourceCell(row.source) },
    {
      key: 'cost',
      title: text.cost,
      help: text.help.cost,
      value: (row) => row.cost,
      render: (row) => (
        <InputNumber
          key={`${row.source}:${row.cost}`}
          size="small"
          min={0}
          precision={2}
          prefix="¥"
          defaultValue={row.cost ?? undefined}
          placeholder={text.spendPlaceholder}
          aria-label={`${text.cost} ${sourceName(row.source)}`}
          onPressEnter={(e) => void saveSpend(row.source, Number((e.target as HTMLInputElement).value.replace(/[^\d.]/g, '')))}
          onBlur={(e) => {
            const cost = e.target.value === '' ? null : Number(e.target.value.replace(/[^\d.]/g, ''));
            if (cost !== row.cost) void saveSpend(row.source, cost);
          }}
        />
      ),
    },
    { key: 'acquired', title: text.stages.acquired, help: text.help.acquired, value: (row) => row.acquired },
    { key: 'cacBefore', title: text.cacBefore, help: text.help.cacBefore, value: (row) => money(row.cacBefore) },
    { key: 'cacAfter', title: text.cacAfter, help: text.help.cacAfter, value: (row) => money(row.cacAfter) },
  ];
  const goalColumns: MetricColumn<GoalRow>[] = [
    { key: 'journey', title: text.journey, value: (row) => row.journeyName },
    { key: 'goal', title: text.goal, value: (row) => row.name },
    { key: 'contacts', title: text.contacts, help: text.help.goalContacts, value: (row) => row.contacts },
    { key: 'rate', title: text.rate, help: text.help.goalRate, value: (row) => percent(row.rate) },
  ];
  const stageRows = STAGES.map((stage) => ({ stage, contacts: data?.funnel[stage] ?? 0, rate: stage === 'acquired' ? null : (data?.stageRates[stage] ?? null) }));
  const stageRateColumns: MetricColumn<(typeof stageRows)[number]>[] = [
    { key: 'stage', title: text.stage, value: (row) => text.stages[row.stage] },
    { key: 'contacts', title: text.contacts, value: (row) => row.contacts },
    { key: 'rate', title: text.stageRate, help: text.help.stageRate, value: (row) => percent(row.rate) },
  ];
  const stat = (title: string, help: string, value: string | number) => (
    <Card key={title} size="small"><Statistic title={<MetricTitle label={title} help={help} />} value={value} /></Card>
  );

  return (
    <PageLayout wide className="dashboard">
      <div className="dashboard-bar">
        <h1>{text.title}</h1>
        <Select
          className="dashboard-journey"
          value={journeyId ?? ''}
          showSearch={pinyinSearch}
          aria-label={text.allJourneys}
          onChange={(value: string) => setJourneyId(value === '' ? null : value)}
          options={[{ value: '', label: text.allJourneys }, ...journeys.map((j) => ({ value: j.id, label: j.name }))]}
        />
        <DatePicker.RangePicker
          className="dashboard-range"
          aria-label={text.dateRange}
          value={range}
          allowClear
          onChange={(value) => setRange(value?.[0] && value[1] ? [value[0], value[1]] : null)}
          presets={[
            { label: text.datePresets.last7, value: [dayjs().subtract(6, 'day'), dayjs()] },
            { label: text.datePresets.last30, value: [dayjs().subtract(29, 'day'), dayjs()] },
            { label: text.datePresets.thisMonth, value: [dayjs().startOf('month'), dayjs()] },
          ]}
        />
      </div>
      {!data ? (
        <Spin />
      ) : data.funnel.acquired === 0 ? (
        <Empty description={text.empty} />
      ) : (
        <>
          <div className="dashboard-stats">
            {STAGES.map((s) => stat(text.stages[s], text.help[s], data.funnel[s]))}
            {stat(text.kFactor, text.help.kFactor, data.fission.kFactor.toFixed(2))}
            {stat(text.depth, text.help.depth, data.fission.depth)}
            {stat(text.treeSize, text.help.treeSize, data.fission.treeSize)}
            {stat(text.repurchaseRate, text.help.repurchaseRate, percent(data.repurchaseRate)!)}
            {stat(text.memberships, text.help.memberships, data.memberships)}
            {stat(text.balance, text.help.balance, money(data.balanceOutstanding)!)}
          </div>
          <div className="dashboard-charts">
            <Card title={text.funnel}>{funnelOption && <EChartsView option={funnelOption} label={text.funnel} />}</Card>
            <Card title={text.byGroup}>{groupOption && <EChartsView option={groupOption} label={text.byGroup} />}</Card>
          </div>
          <div className="dashboard-charts">
            <MetricTable title={text.stageConversion} fileName={text.stageConversion} rows={stageRows} rowKey={(row) => row.stage} columns={stageRateColumns} />
            <MetricTable title={text.goals} fileName={text.goals} rows={data.goals} rowKey={(row) => `${row.journeyId}:${row.nodeId}`} columns={goalColumns} />
          </div>
          {sourceOption && data.bySource.length > 1 && (
            <Card title={text.bySourceChart}>
              <EChartsView option={sourceOption} label={text.bySourceChart} className="dashboard-chart dashboard-chart-tall" />
            </Card>
          )}
          <MetricTable title={text.bySource} fileName={text.bySource} rows={data.bySource} rowKey={(row) => row.source} columns={sourceColumns} />
          <MetricTable title={text.cac} fileName={text.cac} rows={cacRows(data)} rowKey={(row) => row.source} columns={cacColumns} />
        </>
      )}
    </PageLayout>
  );
}
