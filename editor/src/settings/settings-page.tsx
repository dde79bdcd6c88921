import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { channelOptions, friendlyIssues, workspaceSettingsSchema, type Channel, type FrequencyCapRule, type Locale } from '@journey/nodes';
import { Alert, App, Button, Card, Empty, Form, InputNumber, Select, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type WorkspaceSettingsView } from '../api/client.ts';
import { PageLayout } from '../app/page-layout.tsx';
import { useDateFormat } from '../app/use-date-format.ts';
import { useErrorToast } from '../app/use-error-toast.ts';
import { useSession } from '../auth/session-store.ts';
import { useLocale } from '../i18n/i18n.ts';
import './settings.css';

const NEW_RULE: FrequencyCapRule = { channels: [], max: 3, perHours: 24 };

/** What is wrong with the rules as the workspace settings schema (the server's own) reads them, by rule index (`-1`: the list). */
function ruleProblems(rules: FrequencyCapRule[], locale: Locale): Map<number, string> {
  const problems = new Map<number, string>();
  for (const issue of friendlyIssues(workspaceSettingsSchema, { frequencyCap: { rules } })) {
    const index = typeof issue.path[2] === 'number' ? issue.path[2] : -1;
    if (!problems.has(index)) problems.set(index, issue.message[locale]);
  }
  return problems;
}

/**
 * The workspace settings: the frequency cap over every journey, as rules of channels, a maximum and a
 * window. Everyone may read them; admins change them.
 */
export function SettingsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const formatDate = useDateFormat();
  const { message } = App.useApp();
  const fail = useErrorToast();
  const isAdmin = useSession((s) => s.user?.role === 'admin');
  const [saved, setSaved] = useState<WorkspaceSettingsView | null>(null);
  const [rules, setRules] = useState<FrequencyCapRule[]>([]);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    api.workspaceSettings().then((settings) => {
      setSaved(settings);
      setRules(settings.frequencyCap.rules as FrequencyCapRule[]);
    }, fail);
  }, [fail]);

  const problems = ruleProblems(rules, locale);
  const change = (index: number, patch: Partial<FrequencyCapRule>) => setRules((old) => old.map((rule, i) => (i === index ? { ...rule, ...patch } : rule)));
  const save = async () => {
    setSaving(true);
    try {
      const answer = await api.saveWorkspaceSettings({ frequencyCap: { rules } });
      setSaved(answer);
      setRules(answer.frequencyCap.rules as FrequencyCapRule[]);
      void message.success(t('workspaceSettings.saved'));
    } catch (error) {
      fail(error);
    } finally {
      setSaving(false);
    }
  };
  const options = channelOptions(locale);

  return (
    <PageLayout title={t('workspaceSettings.title')}>
      {saved === null ? (
        <Spin />
      ) : (
        <Card title={t('workspaceSettings.frequencyCap')} className="settings-card" data-testid="frequency-cap-settings">
          <p className="muted settings-help">{t('workspaceSettings.frequencyCapHelp')}</p>
          {!isAdmin && <Alert type="info" showIcon title={t('workspaceSettings.adminOnly')} className="settings-alert" />}
          {rules.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workspaceSettings.noRules')} />}
          {rules.map((rule, index) => (
            <Form.Item
              // Rules have no id of their own; their place in the list is what the server names too.
              key={index}
              className="cap-rule"
              data-testid="cap-rule"
              validateStatus={problems.has(index) ? 'error' : undefined}
              help={problems.get(index)}
            >
              <div className="cap-rule-row">
                <Select<Channel[]>
                  mode="multiple"
                  className="cap-rule-channels"
                  aria-label={t('workspaceSettings.channels')}
                  placeholder={t('workspaceSettings.allChannels')}
                  value={rule.channels}
                  options={options}
                  disabled={!isAdmin}
                  onChange={(channels) => change(index, { channels })}
                />
                <span>{t('workspaceSettings.max')}</span>
                <InputNumber
                  aria-label={t('workspaceSettings.max')}
                  min={1}
                  max={1000}
                  precision={0}
                  value={rule.max}
                  disabled={!isAdmin}
                  onChange={(max) => change(index, { max: max ?? 1 })}
                />
                <span>{t('workspaceSettings.perHours')}</span>
                <InputNumber
                  aria-label={t('workspaceSettings.hours')}
                  min={1}
                  max={24 * 90}
                  precision={0}
                  value={rule.perHours}
                  disabled={!isAdmin}
                  onChange={(perHours) => change(index, { perHours: perHours ?? 24 })}
                />
                <span>{t('workspaceSettings.hours')}</span>
                {isAdmin && (
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={t('workspaceSettings.removeRule')}
                    onClick={() => setRules((old) => old.filter((_, i) => i !== index))}
                  />
                )}
              </div>
            </Form.Item>
          ))}
          {problems.has(-1) && <Alert type="error" title={problems.get(-1)} className="settings-alert" />}
          {isAdmin && (
            <div className="settings-actions">
              <Button icon={<PlusOutlined />} onClick={() => setRules((old) => [...old, NEW_RULE])} disabled={rules.length >= 20}>
                {t('workspaceSettings.addRule')}
              </Button>
              <Button type="primary" loading={saving} disabled={problems.size > 0} onClick={() => void save()}>
                {t('workspaceSettings.save')}
              </Button>
            </div>
          )}
          {saved.updatedAt && <div className="muted settings-saved">{t('workspaceSettings.lastSaved', { time: formatDate(saved.updatedAt) })}</div>}
        </Card>
      )}
    </PageLayout>
  );
}
