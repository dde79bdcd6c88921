import { SOURCE_GROUP_TITLES, SOURCE_GROUPS, SOURCE_TITLES, vocabularyTitle, type Locale } from '@journey/nodes';
import { Button, Card, Descriptions, Empty, Form, Image, Input, Select, Space, Table, Tag, Tooltip, App as AntApp } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ContactWay, type Integration } from '../api/client.ts';
import { PageLayout } from '../app/page-layout.tsx';
import { useDateFormat } from '../app/use-date-format.ts';
import { useErrorToast } from '../app/use-error-toast.ts';
import { pinyinSearch } from '../forms/search-match.ts';
import { useLocale } from '../i18n/i18n.ts';
import { IntegrationSettingsSection } from './integration-settings.tsx';
import { TrackerEndpoints } from './tracker-endpoints.tsx';

/** A source id a contact way can carry as its `state` (WeCom: at most 30 characters). */
const SOURCE_ID = /^[a-z0-9_]{1,30}$/;

/**
 * Picks a contact way's source: the built-in sources by name (pinyin search too), or a new source id the
 * brand uses, offered as typed once it is a valid id.
 */
function SourcePicker(props: { id?: string; value?: string; onChange?: (value: string) => void; locale: Locale }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const options = useMemo(() => {
    const groups = (Object.keys(SOURCE_GROUPS) as (keyof typeof SOURCE_GROUPS)[]).map((group) => ({
      label: SOURCE_GROUP_TITLES[group][props.locale],
      title: group,
      options: SOURCE_GROUPS[group].map((s) => ({ value: s as string, label: SOURCE_TITLES[s][props.locale] })),
    }));
    const custom = typed.trim().toLowerCase();
    const isNew = SOURCE_ID.test(custom) && !(custom in SOURCE_TITLES);
    return isNew ? [...groups, { label: t('integrations.newSource'), title: 'new', options: [{ value: custom, label: t('integrations.useNewSource', { id: custom }) }] }] : groups;
  }, [props.locale, typed, t]);
  return (
    <Select
      id={props.id}
      value={props.value}
      onChange={props.onChange}
      onSearch={setTyped}
      showSearch={pinyinSearch}
      options={options}
      placeholder={t('integrations.sourcePlaceholder')}
      style={{ width: 200 }}
    />
  );
}

/** One status line's value as people read it: times in the UI language, flags as yes/no. */
function StatusValue({ item }: { item: Integration['status']['items'][number] }) {
  const { t } = useTranslation();
  const formatDate = useDateFormat();
  if (item.kind === 'time') return <>{typeof item.value === 'number' ? formatDate(new Date(item.value).toISOString()) : '—'}</>;
  if (typeof item.value === 'boolean') return <>{item.value ? t('integrations.yes') : t('integrations.no')}</>;
  return <>{item.value ?? '—'}</>;
}

/** WeCom's contact ways (渠道活码): one QR code per source, created here, scanned by customers. */
function WecomContactWays({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = AntApp.useApp();
  const fail = useErrorToast();
  const formatDate = useDateFormat();
  const [ways, setWays] = useState<ContactWay[]>([]);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ source: string; userIds: string; remark?: string }>();

  const load = useCallback(() => api.wecomContactWays().then((page) => setWays(page.items), fail), [fail]);
  useEffect(() => void load(), [load]);

  const create = async (values: { source: string; userIds: string; remark?: string }) => {
    setSaving(true);
    try {
      const userIds = values.userIds.split(/[,，\s]+/).filter(Boolean);
      await api.createWecomContactWay({ source: values.source.trim(), userIds, ...(values.remark ? { remark: values.remark } : {}) });
      void message.success(t('integrations.created'));
      form.resetFields();
      await load();
      onCreated();
    } catch (error) {
      fail(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card size="small" title={t('integrations.contactWays')}>
      <p className="muted">{t('integrations.contactWaysHelp')}</p>
      <Form form={form} layout="inline" onFinish={create} style={{ marginBottom: 16 }}>
        <Form.Item name="source" label={t('integrations.source')} rules={[{ required: true, message: t('integrations.sourceRequired') }]}>
          <SourcePicker locale={locale} />
        </Form.Item>
        <Form.Item name="userIds" label={t('integrations.members')} tooltip={t('integrations.membersHelp')} rules={[{ required: true }]}>
          <Input placeholder="zhangsan, lisi" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="remark" label={t('integrations.remark')}>
          <Input maxLength={30} style={{ width: 140 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving}>
          {t('integrations.create')}
        </Button>
      </Form>
      <Table<ContactWay>
        rowKey="source"
        size="small"
        pagination={false}
        dataSource={ways}
        locale={{ emptyText: <Empty description={t('integrations.empty')} /> }}
        columns={[
          {
            title: t('integrations.source'),
            dataIndex: 'source',
            render: (source: string) => (
              <Tooltip title={source}>
                <span>{vocabularyTitle('source', source, locale)}</span>
              </Tooltip>
            ),
          },
          { title: t('integrations.members'), dataIndex: 'userIds', render: (ids: string[]) => ids.join(', ') },
          { title: t('integrations.remark'), dataIndex: 'remark' },
          { title: t('messages.time'), dataIndex: 'createdAt', render: (at: number) => formatDate(new Date(at).toISOString()) },
          { title: t('integrations.qrCode'), dataIndex: 'qrCode', render: (_src: string, way) => (
              <Image width={72} src={api.wecomContactWayQrCodeUrl(way.source)} alt={`${t('integrations.qrCode')} ${vocabularyTitle('source', way.source, locale)}`} />
            ),
          },
        ]}
      />
    </Card>
  );
}

/**
 * The integrations page for admins: every plugin of the deployment, whether it is connected, its
 * status lines (for WeCom: token obtained, callback verified, last callback) and its configuration
 * section (secrets only shown as set); never secrets. WeCom's
 * contact ways are managed here too, and the trackers' endpoints (Segment, Sensors Data) are shown to copy.
 */
export function IntegrationsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const fail = useErrorToast();
  const [items, setItems] = useState<Integration[] | null>(null);

  const load = useCallback(() => api.integrations().then((answer) => setItems(answer.items), fail), [fail]);
  useEffect(() => void load(), [load]);

  return (
    <PageLayout title={t('integrations.title')} wide>
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        {(items ?? []).map((integration) => (
          <Card
            key={integration.name}
            title={integration.title[locale]}
            extra={<Tag color={integration.status.active ? 'success' : 'default'}>{integration.status.active ? t('integrations.active') : t('integrations.inactive')}</Tag>}
          >
            {!integration.configured && <p className="muted">{t('integrations.notConfigured')}</p>}
            {integration.status.items.length > 0 && (
              <Descriptions size="small" column={2} bordered>
                {integration.status.items.map((item) => (
                  <Descriptions.Item key={item.key} label={item.label[locale]}>
                    <StatusValue item={item} />
                  </Descriptions.Item>
                ))}
              </Descriptions>
            )}
            <IntegrationSettingsSection plugin={integration.name} configured={integration.configured} onSaved={() => void load()} />
            {integration.name === 'wecom' && integration.status.active && (
              <div style={{ marginTop: 16 }}>
                <WecomContactWays onCreated={() => void load()} />
              </div>
            )}
          </Card>
        ))}
        <TrackerEndpoints />
      </Space>
    </PageLayout>
  );
}
