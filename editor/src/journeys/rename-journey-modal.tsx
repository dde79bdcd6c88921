import { Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Journey } from '../api/client.ts';

/** Renames a journey, keeping its graph and settings; `journey` null keeps the dialog closed. */
export function RenameJourneyModal(props: {
  journey: Journey | null;
  onClose: () => void;
  onRenamed: (journey: Journey) => void;
  onError: (error: unknown) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string }>();
  const [busy, setBusy] = useState(false);
  const { journey } = props;

  const rename = async ({ name }: { name: string }) => {
    if (!journey) return;
    setBusy(true);
    try {
      const updated = await api.saveJourney(journey.id, {
        name: name.trim(),
        graph: journey.graph,
        settings: journey.settings,
        ...(journey.revision !== undefined ? { revision: journey.revision } : {}),
      });
      props.onRenamed(updated);
    } catch (error) {
      props.onError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={journey !== null}
      title={t('list.renameTitle')}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={rename} initialValues={{ name: journey?.name }}>
        <Form.Item
          label={t('journeys.name')}
          name="name"
          rules={[{ required: true, whitespace: true, message: t('journeys.nameRequired') }]}
        >
          <Input maxLength={200} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
