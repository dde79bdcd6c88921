import { UploadOutlined } from '@ant-design/icons';
import { parseCsv } from '@journey/nodes';
import { Alert, Button, Modal, Progress, Result, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ContactImportResult } from '../api/client.ts';
import { friendlyError } from '../api/friendly-error.ts';
import { expireOnUnauthorized, useSession } from '../auth/session-store.ts';
import { useLocale } from '../i18n/i18n.ts';

/** Data rows per request (the server takes up to 1,000): small parts keep the progress bar moving. */
const ROWS_PER_PART = 200;

type RefusedRow = ContactImportResult['refused'][number];

type ImportState =
  | { state: 'idle' }
  | { state: 'running'; file: string; done: number; total: number }
  | { state: 'done'; file: string; imported: number; total: number; refused: RefusedRow[] }
  | { state: 'failed'; file: string; imported: number; message: string };

const COLUMNS = ['id', 'name', 'phone', 'email', 'tags', 'attributes', 'source'] as const;
const isColumn = (column: string): column is (typeof COLUMNS)[number] => (COLUMNS as readonly string[]).includes(column);

/** The file's text: UTF-8, or GBK as Excel on a Chinese Windows saves CSV. */
async function readText(file: File): Promise<string> {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gbk').decode(bytes);
  }
}

/** The CSV cut into parts at row boundaries, each with the heading row and the file row number of its first data row. */
function partsOf(text: string): { csv: string; firstRow: number; rows: number }[] {
  const [heading, ...rows] = parseCsv(text);
  if (!heading) return [];
  const head = text.slice(heading.start, heading.end);
  const parts: { csv: string; firstRow: number; rows: number }[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_PART) {
    const slice = rows.slice(i, i + ROWS_PER_PART);
    parts.push({ csv: `${head}\n${text.slice(slice[0]!.start, slice.at(-1)!.end)}`, firstRow: 2 + i, rows: slice.length });
  }
  return parts.length > 0 ? parts : [{ csv: head, firstRow: 2, rows: 0 }];
}

/**
 * The contacts list's import: a CSV file sent in parts, a progress bar, and the rows left out with why;
 * `onImported` once a file is done (the list reloads).
 */
export function ContactImportButton({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const canImport = useSession((s) => s.user?.role === 'admin' || s.user?.role === 'marketer');
  const [open, setOpen] = useState(false);
  const [run, setRun] = useState<ImportState>({ state: 'idle' });

  const start = async (file: File) => {
    const parts = partsOf(await readText(file));
    const total = parts.reduce((sum, p) => sum + p.rows, 0);
    let imported = 0;
    const refused: RefusedRow[] = [];
    setRun({ state: 'running', file: file.name, done: 0, total });
    let done = 0;
    for (const part of parts) {
      try {
        const answer = await api.importContacts(part.csv, part.firstRow);
        imported += answer.imported;
        refused.push(...answer.refused);
      } catch (error) {
        if (!expireOnUnauthorized(error)) setRun({ state: 'failed', file: file.name, imported, message: friendlyError(error, t) });
        return;
      }
      done += part.rows;
      setRun({ state: 'running', file: file.name, done, total });
    }
    setRun({ state: 'done', file: file.name, imported, total, refused });
    onImported();
  };

  const columnTitle = (column: string) => (isColumn(column) ? t(`contactImport.columns.${column}`) : column);

  if (!canImport) return null;
  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)} data-testid="contact-import">
        {t('contactImport.button')}
      </Button>
      <Modal
        title={t('contactImport.title')}
        open={open}
        width={720}
        onCancel={() => run.state !== 'running' && (setOpen(false), setRun({ state: 'idle' }))}
        footer={null}
        destroyOnHidden
      >
        {run.state === 'idle' && (
          <>
            <Typography.Paragraph>{t('contactImport.help')}</Typography.Paragraph>
            <Typography.Paragraph type="secondary" className="contact-import-example">
              {t('contactImport.example')}
            </Typography.Paragraph>
            <Upload accept=".csv,text/csv" showUploadList={false} beforeUpload={(file) => (void start(file), false)}>
              <Button type="primary" icon={<UploadOutlined />} data-testid="contact-import-file">
                {t('contactImport.choose')}
              </Button>
            </Upload>
          </>
        )}
        {run.state === 'running' && (
          <div data-testid="contact-import-progress">
            <Typography.Paragraph>{t('contactImport.running', { file: run.file })}</Typography.Paragraph>
            <Progress percent={run.total === 0 ? 100 : Math.floor((run.done / run.total) * 100)} />
            <Typography.Text type="secondary">{t('contactImport.rowsDone', { done: run.done, total: run.total })}</Typography.Text>
          </div>
        )}
        {run.state === 'failed' && <Alert type="error" showIcon message={t('contactImport.failed', { file: run.file, imported: run.imported })} description={run.message} />}
        {run.state === 'done' && (
          <div data-testid="contact-import-report">
            <Result
              status={run.refused.length > 0 ? 'warning' : 'success'}
              title={t('contactImport.done', { imported: run.imported, total: run.total })}
              subTitle={run.refused.length > 0 ? t('contactImport.refusedCount', { count: run.refused.length }) : undefined}
            />
            {run.refused.length > 0 && (
              <Table<RefusedRow>
                size="small"
                rowKey="row"
                dataSource={run.refused}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                columns={[
                  { title: t('contactImport.row'), dataIndex: 'row', width: 90 },
                  {
                    title: t('contactImport.reason'),
                    render: (_, row) =>
                      row.problems.map((p, i) => (
                        <div key={i}>
                          {p.column ? <Typography.Text strong>{t('contactImport.column', { column: columnTitle(p.column) })}</Typography.Text> : null}
                          {p.message[locale]}
                        </div>
                      )),
                  },
                ]}
              />
            )}
            <Button className="contact-import-again" onClick={() => setRun({ state: 'idle' })}>
              {t('contactImport.again')}
            </Button>
          </div>
        )}
      </Modal>
    </>
  );
}
