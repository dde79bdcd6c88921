import { Card, Empty, Select, Spin, Statistic, Table } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ButterflyAnalytics, type Journey } from '../api/client.ts';
import { AppHeader } from '../app/app-header.tsx';
import { useErrorToast } from '../app/use-error-toast.ts';
import type { Messages } from '../i18n/zh-cn.ts';
import { SOURCE_GROUP_KEYS, STAGES } from './butterfly-analytics.ts';
import { EChartsView } from './echarts-view.tsx';
import './dashboard.css';
import { pinyinSearch } from '../forms/search-match.ts';

const REFRESH_MS = 5000;

/**
 * The butterfly dashboard: stage funnel, stages by source group, fission, CAC before and after
 * referral, repurchase, membership, stored value and goals — for one journey or all, refreshed live.
 */
export function DashboardPage() {
  const { t } = useTranslation();
  // One object per language (i18next copies it on each call), so the chart options below recompute only when it changes.
  const text = useMemo(() => t('dashboard', { returnObjects: true }) as Messages['dashboard'], [t]);
  const fail = useErrorToast();
  const [journeys, setJourneys] = useState<Journey[]>([]);
  const [journeyId, setJourneyId] = useState<string | null>(null);
  const [data, setData] = useState<ButterflyAnalytics | null>(null);

  useEffect(() => {
    api.listJourneys().then((page) => setJourneys(page.items.filter((j) => j.publishedVersion !== null)), fail);
  }, [fail]);

  useEffect(() => {
    let stopped = false;
    const load = () => api.butterfly(journeyId).then((answer) => !stopped && setData(answer), fail);
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [journeyId, fail]);

  const funnelOption = useMemo(
    () =>
      data && {
        tooltip: { trigger: 'item' },
        series: [{ type: 'funnel', sort: 'none', left: '10%', width: '80%', label: { formatter: '{b}: {c}' },
          data: STAGES.map((s) => ({ name: text.stages[s], value: data.funnel[s] })) }],
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
        yAxis: { type: 'value' },
        series: SOURCE_GROUP_KEYS.map((g) => ({ type: 'bar', name: text.groups[g], data: STAGES.map((s) => data.byGroup[g][s]) })),
      },
    [data, text],
  );

  const money = (n: number | null) => (n === null ? '—' : `¥${n.toFixed(2)}`);
  const percent = (n: number) => `${(n * 100).toFixed(1)}%`;

  return (
    <div className="page">
      <AppHeader />
      <main className="page-body page-body-wide dashboard">
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
        </div>
        {!data ? (
          <Spin />
        ) : data.funnel.acquired === 0 ? (
          <Empty description={text.empty} />
        ) : (
          <>
            <div className="dashboard-stats">
              {STAGES.map((s) => (
                <Card key={s} size="small"><Statistic title={text.stages[s]} value={data.funnel[s]} /></Card>
              ))}
              <Card size="small"><Statistic title={text.kFactor} value={data.fission.kFactor.toFixed(2)} /></Card>
              <Card size="small"><Statistic title={text.depth} value={data.fission.depth} /></Card>
              <Card size="small"><Statistic title={text.treeSize} value={data.fission.treeSize} /></Card>
              <Card size="small"><Statistic title={text.repurchaseRate} value={percent(data.repurchaseRate)} /></Card>
              <Card size="small"><Statistic title={text.memberships} value={data.memberships} /></Card>
              <Card size="small"><Statistic title={text.balance} value={money(data.balanceOutstanding)} /></Card>
            </div>
            <div className="dashboard-charts">
              <Card title={text.funnel}>{funnelOption && <EChartsView option={funnelOption} label={text.funnel} />}</Card>
              <Card title={text.byGroup}>{groupOption && <EChartsView option={groupOption} label={text.byGroup} />}</Card>
            </div>
            <div className="dashboard-charts">
              <Card title={text.cac}>
                <Table
                  size="small"
                  rowKey="source"
                  pagination={false}
                  dataSource={data.cac}
                  columns={[
                    { title: text.source, dataIndex: 'source' },
                    { title: text.cost, dataIndex: 'cost', render: money },
                    { title: text.stages.acquired, dataIndex: 'acquired' },
                    { title: text.cacBefore, dataIndex: 'cacBefore', render: money },
                    { title: text.cacAfter, dataIndex: 'cacAfter', render: money },
                  ]}
                />
              </Card>
              <Card title={text.goals}>
                <Table
                  size="small"
                  rowKey="nodeId"
                  pagination={false}
                  dataSource={data.goals}
                  columns={[
                    { title: text.goal, dataIndex: 'name' },
                    { title: text.contacts, dataIndex: 'contacts' },
                    { title: text.rate, dataIndex: 'rate', render: percent },
                  ]}
                />
              </Card>
            </div>
          </>
        )}
      </main>
    </div>
  );
}
