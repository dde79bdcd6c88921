import { App as AntApp, ConfigProvider, Spin, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect } from 'react';
import { LoginPage } from '../auth/login-page.tsx';
import { useSession } from '../auth/session-store.ts';
import { JourneyEditorPage } from '../editor/journey-editor-page.tsx';
import { useLocale } from '../i18n/i18n.ts';
import { ContactPage } from '../contacts/contact-page.tsx';
import { ContactsPage } from '../contacts/contacts-page.tsx';
import { JourneysPage } from '../journeys/journeys-page.tsx';
import { DashboardPage } from '../dashboard/dashboard-page.tsx';
import { IntegrationsPage } from '../integrations/integrations-page.tsx';
import { MessagesPage } from '../messages/messages-page.tsx';
import { MonitorPage } from '../monitor/monitor-page.tsx';
import { VersionPage } from '../versions/version-page.tsx';
import { PlansPage } from '../plans/plans-page.tsx';
import { SegmentsPage } from '../segments/segments-page.tsx';
import { SettingsPage } from '../settings/settings-page.tsx';
import { TeamPage } from '../team/team-page.tsx';
import { NotFoundPage } from './not-found-page.tsx';
import { parseRoute, useRouteHash } from './router.ts';

const THEME = {
  algorithm: theme.defaultAlgorithm,
  token: { colorPrimary: '#1677ff', borderRadius: 6, fontSize: 14 },
};

function Pages() {
  const status = useSession((s) => s.status);
  const restore = useSession((s) => s.restore);
  const route = parseRoute(useRouteHash());

  useEffect(() => {
    void restore();
  }, [restore]);

  if (status === 'checking') return <Spin fullscreen />;
  if (status === 'signedOut') return <LoginPage />;
  switch (route.page) {
    case 'journey':
      return <JourneyEditorPage key={route.id} journeyId={route.id} />;
    case 'monitor':
      return <MonitorPage key={`${route.id}/${route.show ?? ''}`} journeyId={route.id} show={route.show} />;
    case 'version':
      return <VersionPage key={`${route.id}:${route.version}`} journeyId={route.id} version={route.version} />;
    case 'contacts':
      return <ContactsPage />;
    case 'contact':
      return <ContactPage key={route.id} contactId={route.id} />;
    case 'segments':
      return <SegmentsPage />;
    case 'plans':
      return <PlansPage />;
    case 'messages':
      return <MessagesPage />;
    case 'dashboard':
      return <DashboardPage />;
    case 'settings':
      return <SettingsPage />;
    case 'integrations':
      return <IntegrationsPage />;
    case 'team':
      return <TeamPage />;
    case 'journeys':
      return <JourneysPage />;
    case 'not_found':
      return <NotFoundPage />;
  }
}

/** The app: antd theme and locale follow the UI language; pages follow the session and the URL. */
export function JourneyApp() {
  const locale = useLocale();
  return (
    <ConfigProvider locale={locale === 'en' ? enUS : zhCN} theme={THEME}>
      <AntApp>
        <Pages />
      </AntApp>
    </ConfigProvider>
  );
}
