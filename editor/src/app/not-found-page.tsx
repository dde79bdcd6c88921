import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageLayout } from './page-layout.tsx';
import { navigate } from './router.ts';

/** What a link the app cannot read shows: the app's header, a plain explanation and the way back. */
export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <PageLayout>
      <Result
        status="404"
        title={t('notFound.title')}
        subTitle={t('notFound.description')}
        extra={
          <Button type="primary" onClick={() => navigate({ page: 'journeys' })}>
            {t('notFound.back')}
          </Button>
        }
      />
    </PageLayout>
  );
}
