import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { friendlyError } from '../api/friendly-error.ts';
import { LanguageSwitch } from '../app/language-switch.tsx';
import { useSession } from './session-store.ts';

interface Credentials {
  email: string;
  password: string;
}

/** The sign-in page: email and password. */
export function LoginPage() {
  const { t } = useTranslation();
  const signIn = useSession((s) => s.signIn);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async ({ email, password }: Credentials) => {
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401 ? t('errors.invalidCredentials') : friendlyError(e, t));
      setBusy(false);
    }
  };

  return (
    <div className="login">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <div className="login-card">
        <div className="brand brand-large">
          <span className="brand-mark" />
          {t('app.name')}
        </div>
        <p className="login-tagline">{t('app.tagline')}</p>
        <h1 className="login-title">{t('login.title')}</h1>
        <p className="muted">{t('login.subtitle')}</p>
        {error && <Alert type="error" showIcon title={error} className="login-error" />}
        <Form<Credentials> layout="vertical" requiredMark={false} onFinish={submit} disabled={busy}>
          <Form.Item label={t('login.email')} name="email" rules={[{ required: true, message: t('login.emailRequired') }]}>
            <Input prefix={<MailOutlined />} autoComplete="username" size="large" />
          </Form.Item>
          <Form.Item
            label={t('login.password')}
            name="password"
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
      </div>
    </div>
  );
}
