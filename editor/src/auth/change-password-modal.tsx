import { App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { friendlyError } from '../api/friendly-error.ts';
import { expireOnUnauthorized, useSession } from './session-store.ts';

interface Passwords {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/**
 * The signed-in person changes their own password: the current one, the new one twice. The server
 * checks the rules (length, different from the current one) and its refusals show on the field at
 * fault; on success the other browsers and devices are signed out and this one stays signed in.
 */
export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const changePassword = useSession((s) => s.changePassword);
  const [form] = Form.useForm<Passwords>();
  const [busy, setBusy] = useState(false);

  /** Puts a refusal on the field it names; false when it names none. */
  const showOnField = (error: ApiError): boolean => {
    if (error.code === 'wrong_password') {
      form.setFields([{ name: 'currentPassword', errors: [t('account.wrongPassword')] }]);
      return true;
    }
    const [issue] = error.status === 400 ? error.issuesAt('newPassword') : [];
    if (!issue) return false;
    const text =
      issue.code === 'too_small' && issue.minimum !== undefined
        ? t('account.tooShort', { min: issue.minimum })
        : issue.code === 'custom'
          ? t('account.unchanged')
          : `${t('errors.badRequest')}: ${issue.message ?? ''}`;
    form.setFields([{ name: 'newPassword', errors: [text] }]);
    return true;
  };

  const submit = async ({ currentPassword, newPassword }: Passwords) => {
    setBusy(true);
    try {
      await changePassword(currentPassword, newPassword);
      void message.success(t('account.changed'));
      onClose();
    } catch (error) {
      if (expireOnUnauthorized(error)) return;
      if (!(error instanceof ApiError && showOnField(error))) void message.error(friendlyError(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('account.changePassword')}
      okText={t('account.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <p className="muted">{t('account.hint')}</p>
      <Form<Passwords> form={form} layout="vertical" requiredMark={false} onFinish={submit} disabled={busy}>
        <Form.Item
          label={t('account.currentPassword')}
          name="currentPassword"
          rules={[{ required: true, message: t('account.currentRequired') }]}
        >
          <Input.Password autoComplete="current-password" autoFocus />
        </Form.Item>
        <Form.Item
          label={t('account.newPassword')}
          name="newPassword"
          dependencies={['currentPassword']}
          rules={[
            { required: true, message: t('account.newRequired') },
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                value && value === getFieldValue('currentPassword') ? Promise.reject(new Error(t('account.unchanged'))) : Promise.resolve(),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label={t('account.confirmPassword')}
          name="confirmPassword"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('account.confirmRequired') },
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                !value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('account.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
