import { Card, Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * Where trackers send: Segment's write-key endpoints and Sensors Data's `server_url`, on this server's own
 * address, to copy into the tracker's settings. Both take an API key of scope ingest (see the README).
 */
export function TrackerEndpoints() {
  const { t } = useTranslation();
  const origin = window.location.origin;
  return (
    <Card title={t('trackers.title')} data-testid="tracker-endpoints">
      <p className="muted">{t('trackers.help')}</p>
      <Descriptions size="small" column={1} bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label={t('trackers.segment')}>
          <Typography.Text copyable code>{`${origin}/api/v1/batch`}</Typography.Text>
          <div className="muted">{t('trackers.segmentHelp', { host: origin })}</div>
        </Descriptions.Item>
        <Descriptions.Item label={t('trackers.sensors')}>
          <Typography.Text copyable code>{`${origin}/api/integrations/sensors/sa?token=<key>`}</Typography.Text>
          <div className="muted">{t('trackers.sensorsHelp')}</div>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
