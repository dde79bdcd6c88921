import { FileAddOutlined } from '@ant-design/icons';
import { Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { navigate } from '../app/router.ts';
import { useLocale } from '../i18n/i18n.ts';
import { JOURNEY_TEMPLATES, type JourneyTemplate } from './templates/journey-templates.ts';
import './journeys.css';

const EMPTY_GRAPH = { version: 1 as const, nodes: [], edges: [] };

/** Names a new journey and starts it blank or from a template; opens it in the editor once created. */
export function CreateJourneyModal(props: { open: boolean; onClose: () => void; onError: (error: unknown) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [form] = Form.useForm<{ name: string }>();
  const [template, setTemplate] = useState<JourneyTemplate | null>(null);
  const [busy, setBusy] = useState(false);

  const choose = (next: JourneyTemplate | null) => {
    setTemplate(next);
    form.setFieldValue('name', next ? next.title[locale] : t('journeys.defaultName'));
  };

  const create = async ({ name }: { name: string }) => {
    setBusy(true);
    try {
      const journey = await api.createJourney({ name: name.trim(), graph: template?.graph ?? EMPTY_GRAPH, settings: {} });
      navigate({ page: 'journey', id: journey.id });
    } catch (error) {
      props.onError(error);
      setBusy(false);
    }
  };

  const options: Array<{ template: JourneyTemplate | null; title: string; description: string; nodes: number }> = [
    { template: null, title: t('list.blank'), description: t('list.blankDescription'), nodes: 0 },
    ...JOURNEY_TEMPLATES.map((tpl) => ({
      template: tpl,
      title: tpl.title[locale],
      description: tpl.description[locale],
      nodes: tpl.graph.nodes.length,
    })),
  ];

  return (
    <Modal
      open={props.open}
      title={t('journeys.createTitle')}
      okText={t('journeys.create')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      afterClose={() => setTemplate(null)}
      width={720}
      destroyOnHidden
    >
      <div className="template-grid" role="radiogroup" aria-label={t('list.templateTitle')}>
        {options.map((option) => {
          const checked = option.template === template;
          return (
            <button
              type="button"
              role="radio"
              aria-checked={checked}
              key={option.template?.key ?? 'blank'}
              className={checked ? 'template-card template-card-checked' : 'template-card'}
              onClick={() => choose(option.template)}
            >
              <span className="template-card-title">
                {option.template === null && <FileAddOutlined />} {option.title}
              </span>
              <span className="template-card-description">{option.description}</span>
              {option.nodes > 0 && <span className="muted">{t('list.nodeCount', { count: option.nodes })}</span>}
            </button>
          );
        })}
      </div>
      <Form form={form} layout="vertical" onFinish={create} initialValues={{ name: t('journeys.defaultName') }}>
        <Form.Item
          label={t('journeys.name')}
          name="name"
          rules={[{ required: true, whitespace: true, message: t('journeys.nameRequired') }]}
        >
          <Input placeholder={t('journeys.namePlaceholder')} maxLength={200} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
