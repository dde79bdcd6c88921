import { LockOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChangePasswordModal } from '../auth/change-password-modal.tsx';
import { useSession } from '../auth/session-store.ts';
import { LanguageSwitch } from './language-switch.tsx';
import { parseRoute, routeHash, useRouteHash, type Route } from './router.ts';
import './app-shell.css';

type Section = {
  key: 'journeys' | 'messages' | 'contacts' | 'segments' | 'plans' | 'dashboard' | 'integrations' | 'team' | 'settings';
  route: Route;
  pages: Route['page'][];
  adminOnly?: true;
};

const SECTIONS: Section[] = [
  { key: 'journeys', route: { page: 'journeys' }, pages: ['journeys', 'journey', 'monitor'] },
  { key: 'messages', route: { page: 'messages' }, pages: ['messages'] },
  { key: 'contacts', route: { page: 'contacts' }, pages: ['contacts', 'contact'] },
  { key: 'segments', route: { page: 'segments' }, pages: ['segments'] },
  { key: 'plans', route: { page: 'plans' }, pages: ['plans'], adminOnly: true },
  { key: 'dashboard', route: { page: 'dashboard' }, pages: ['dashboard'] },
  { key: 'integrations', route: { page: 'integrations' }, pages: ['integrations'] },
  { key: 'team', route: { page: 'team' }, pages: ['team'], adminOnly: true },
  { key: 'settings', route: { page: 'settings' }, pages: ['settings'] },
];

/** The header of the app's pages: brand, the sections, language and the signed-in user's menu (password, sign out). */
export function AppHeader() {
  const { t } = useTranslation();
  const user = useSession((s) => s.user);
  const sections = SECTIONS.filter((section) => !section.adminOnly || user?.role === 'admin');
  const signOut = useSession((s) => s.signOut);
  const page = parseRoute(useRouteHash()).page;
  const [changingPassword, setChangingPassword] = useState(false);
  return (
    <header className="app-header">
      <a className="brand" href="#/journeys">
        <span className="brand-mark" />
        {t('app.name')}
      </a>
      <nav className="app-nav" aria-label={t('app.name')}>
        {sections.map((section) => {
          const current = section.pages.includes(page);
          return (
            <a
              key={section.key}
              href={routeHash(section.route)}
              className={current ? 'app-nav-item app-nav-current' : 'app-nav-item'}
              aria-current={current ? 'page' : undefined}
            >
              {t(`nav.${section.key}`)}
            </a>
          );
        })}
      </nav>
      <div className="app-header-right">
        <LanguageSwitch />
        <Dropdown
          menu={{
            items: [
              { key: 'password', icon: <LockOutlined />, label: t('account.changePassword') },
              { type: 'divider' },
              { key: 'signOut', icon: <LogoutOutlined />, label: t('common.signOut') },
            ],
            onClick: ({ key }) => (key === 'signOut' ? void signOut() : setChangingPassword(true)),
          }}
        >
          <Button type="text" icon={<UserOutlined />}>
            {user?.name || user?.email}
          </Button>
        </Dropdown>
        <ChangePasswordModal open={changingPassword} onClose={() => setChangingPassword(false)} />
      </div>
    </header>
  );
}
