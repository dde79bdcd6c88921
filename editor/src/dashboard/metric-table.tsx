import { DownloadOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { Button, Card, Table, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadCsv } from './csv-export.ts';

/** A metric's name with its one-line definition on hover. */
export function MetricTitle({ label, help }: { label: string; help?: string }) {
  if (!help) return <>{label}</>;
  return (
    <Tooltip title={help}>
      <span className="metric-title">
        {label}
        <QuestionCircleOutlined className="metric-help" aria-label={help} />
      </span>
    </Tooltip>
  );
}

/** One column of a `MetricTable`: the text `value` goes to the CSV, `render` (when given) to the screen. */
export interface MetricColumn<Row> {
  key: string;
  title: string;
  help?: string;
  value: (row: Row) => string | number | null;
  render?: (row: Row) => ReactNode;
}

/**
 * A card holding a table of figures whose column titles explain themselves, with a CSV export of
 * exactly what the table shows (names, not ids).
 */
export function MetricTable<Row>(props: { title: string; fileName: string; rows: readonly Row[]; rowKey: (row: Row) => string; columns: readonly MetricColumn<Row>[] }) {
  const { t } = useTranslation();
  const { title, fileName, rows, rowKey, columns } = props;
  const exportCsv = () => downloadCsv(`${fileName}.csv`, columns.map((c) => c.title), rows.map((row) => columns.map((c) => c.value(row))));
  return (
    <Card
      title={title}
      extra={
        <Button size="small" icon={<DownloadOutlined />} onClick={exportCsv} disabled={rows.length === 0}>
          {t('dashboard.exportCsv')}
        </Button>
      }
    >
      <Table
        size="small"
        rowKey={rowKey}
        pagination={false}
        dataSource={[...rows]}
        aria-label={title}
        columns={columns.map((c) => ({ key: c.key, title: <MetricTitle label={c.title} help={c.help} />, render: (_: unknown, row: Row) => c.render?.(row) ?? c.value(row) ?? '—' }))}
      />
    </Card>
  );
}
