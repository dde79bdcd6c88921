import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session-store.ts';
import { LanguageSwitch } from './language-switch.tsx';

/** The header of the app's pages: brand, language and the signed-in user's menu. */
export function AppHeader() {
  const { t } = useTranslation();
  const user = useSession((s) => s.user);
  const signOut = useSession((s) => s.signOut);
  return (
    <header className="app-header">
      <a className="brand" href="#/journeys">
        <span className="brand-mark" />
        {t('app.name')}
      </a>
      <div className="app-header-right">
        <LanguageSwitch />
        <Dropdown
          menu={{
            items: [{ key: 'signOut', icon: <LogoutOutlined />, label: t('common.signOut') }],
            onClick: () => void signOut(),
          }}
        >
          <Button type="text" icon={<UserOutlined />}>
            {user?.name || user?.email}
          </Button>
        </Dropdown>
      </div>
    </header>
  );
}
