import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, InputNumber, Modal, Popconfirm, Radio, Select, Space, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Plan, type PlanInput } from '../api/client.ts';
import { PageLayout } from '../app/page-layout.tsx';
import { useErrorToast } from '../app/use-error-toast.ts';
import { useSession } from '../auth/session-store.ts';
import { setApiFieldErrors } from '../forms/api-field-errors.ts';

const EVERY_PLAN_KIND = { card: true, stored_value: true } satisfies Record<Plan['kind'], true>;
const PLAN_KINDS = Object.keys(EVERY_PLAN_KIND) as Plan['kind'][];
const CURRENCIES = ['CNY', 'HKD', 'USD'];

/** What the plan form edits: the plan's fields, benefits as lines. */
type PlanForm = Omit<PlanInput, 'benefits'> & { benefits?: string };

const toForm = (plan: Plan): PlanForm => ({
  id: plan.id,
  name: plan.name,
  kind: plan.kind,
  price: plan.price,
  currency: plan.currency,
  bonus: plan.bonus,
  benefits: plan.benefits.join('\n'),
  ...(plan.tier === null ? {} : { tier: plan.tier }),
  ...(plan.durationDays === null ? {} : { durationDays: plan.durationDays }),
});

/**
 * Membership cards and stored-value plans (admins change them; everyone can read them): the
 * membership upsell node offers one of these by name.
 */
export function PlansPage() {
  const { t } = useTranslation();
  const fail = useErrorToast();
  const isAdmin = useSession((s) => s.user?.role === 'admin');
  const [plans, setPlans] = useState<Plan[] | null>(null);
  const [editing, setEditing] = useState<{ plan: Plan | null } | null>(null);

  const reload = useCallback(() => api.plans().then(({ items }) => setPlans(items), fail), [fail]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const setArchived = async (plan: Plan, archived: boolean) => {
    try {
      await (archived ? api.archivePlan(plan.id) : api.restorePlan(plan.id));
      await reload();
    } catch (error) {
      fail(error);
    }
  };

  const columns: TableColumnsType<Plan> = [
    {
      title: t('plans.name'),
      key: 'name',
      render: (_, p) => (
        <Tooltip title={t('form.planId', { id: p.id })}>
          <b>{p.name}</b>
        </Tooltip>
      ),
    },
    { title: t('plans.kind'), key: 'kind', width: 110, render: (_, p) => t(`plans.kinds.${p.kind}`) },
    { title: t('plans.price'), key: 'price', width: 120, render: (_, p) => `${p.price} ${p.currency}` },
    {
      title: t('plans.terms'),
      key: 'terms',
      render: (_, p) =>
        p.kind === 'card'
          ? t('plans.cardTerms', { tier: p.tier, days: p.durationDays })
          : t('plans.storedValueTerms', { price: p.price, bonus: p.bonus, currency: p.currency }),
    },
    { title: t('plans.benefits'), key: 'benefits', render: (_, p) => p.benefits.map((b) => <Tag key={b}>{b}</Tag>) },
    {
      title: t('plans.status'),
      key: 'status',
      width: 90,
      render: (_, p) => <Tag color={p.archived ? 'default' : 'success'}>{t(p.archived ? 'plans.archived' : 'plans.live')}</Tag>,
    },
    ...(isAdmin
      ? [
          {
            title: '',
            key: 'actions',
            width: 150,
            render: (_: unknown, p: Plan) => (
              <Space>
                <Button size="small" onClick={() => setEditing({ plan: p })}>
                  {t('plans.edit')}
                </Button>
                {p.archived ? (
                  <Button size="small" onClick={() => void setArchived(p, false)}>
                    {t('plans.restore')}
                  </Button>
                ) : (
                  <Popconfirm title={t('plans.archiveConfirm')} okText={t('plans.archive')} onConfirm={() => void setArchived(p, true)}>
                    <Button size="small">{t('plans.archive')}</Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <PageLayout
      title={t('plans.title')}
      wide
      actions={
        isAdmin && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ plan: null })}>
            {t('plans.create')}
          </Button>
        )
      }
    >
      <p className="muted">{isAdmin ? t('plans.help') : t('plans.adminsOnly')}</p>
      <Table<Plan> rowKey="id" columns={columns} dataSource={plans ?? []} loading={plans === null} pagination={false} locale={{ emptyText: t('plans.empty') }} />
      {editing && (
        <PlanModal
          plan={editing.plan}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void reload();
          }}
        />
      )}
    </PageLayout>
  );
}

/** Creates a plan, or edits one (its id stays: journeys name the plan by it). */
function PlanModal({ plan, onClose, onSaved }: { plan: Plan | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fail = useErrorToast();
  const [form] = Form.useForm<PlanForm>();
  const [saving, setSaving] = useState(false);
  const kind = Form.useWatch('kind', form) ?? plan?.kind ?? 'card';

  const save = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      const benefits = (values.benefits ?? '').split('\n').map((b) => b.trim()).filter(Boolean);
      const { tier, durationDays, ...rest } = values;
      await api.savePlan({ ...rest, benefits, ...(rest.kind === 'card' ? { tier, durationDays } : {}) });
      void message.success(t('plans.saved'));
      onSaved();
    } catch (error) {
      if (!setApiFieldErrors(form, error, t('plans.invalid'))) fail(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={plan ? t('plans.edit') : t('plans.create')} okText={t('plans.save')} confirmLoading={saving} onOk={() => void save()} onCancel={onClose} destroyOnHidden>
      <Form<PlanForm>
        form={form}
        layout="vertical"
        initialValues={plan ? toForm(plan) : { kind: 'card', currency: 'CNY', bonus: 0, durationDays: 365 }}
      >
        <Form.Item name="name" label={t('plans.name')} rules={[{ required: true, whitespace: true, message: t('plans.nameRequired') }]}>
          <Input maxLength={100} placeholder={t('plans.namePlaceholder')} />
        </Form.Item>
        <Form.Item
          name="id"
          label={t('plans.id')}
          tooltip={t('plans.idHelp')}
          rules={[{ required: true, pattern: /^[a-z0-9_]{1,60}$/, message: t('plans.idRule') }]}
        >
          <Input disabled={plan !== null} placeholder="gold_card" />
        </Form.Item>
        <Form.Item name="kind" label={t('plans.kind')}>
          <Radio.Group options={PLAN_KINDS.map((k) => ({ value: k, label: t(`plans.kinds.${k}`) }))} optionType="button" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="price" label={t('plans.price')} rules={[{ required: true, message: t('plans.priceRequired') }]} style={{ flex: 1 }}>
            <InputNumber min={0} max={1_000_000} precision={2} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="currency" label={t('plans.currency')} style={{ width: 120 }}>
            <Select options={CURRENCIES.map((c) => ({ value: c, label: t(`plans.currencies.${c}`, { defaultValue: c }) }))} />
          </Form.Item>
        </Space.Compact>
        {kind === 'card' ? (
          <Space.Compact block>
            <Form.Item name="tier" label={t('plans.tier')} rules={[{ required: true, whitespace: true, message: t('plans.tierRequired') }]} style={{ flex: 1 }}>
              <Input maxLength={50} placeholder="gold" />
            </Form.Item>
            <Form.Item name="durationDays" label={t('plans.durationDays')} rules={[{ required: true, message: t('plans.durationRequired') }]} style={{ width: 160 }}>
              <InputNumber min={1} max={3650} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Space.Compact>
        ) : (
          <Form.Item name="bonus" label={t('plans.bonus')} tooltip={t('plans.bonusHelp')}>
            <InputNumber min={0} max={1_000_000} precision={2} style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="benefits" label={t('plans.benefits')} tooltip={t('plans.benefitsHelp')}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
