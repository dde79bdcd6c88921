import type { LocalizedText } from '@journey/nodes';
import { Alert, App, Button, Collapse, Form, Input, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type IntegrationSetting, type IntegrationSettings } from '../api/client.ts';
import { useErrorToast } from '../app/use-error-toast.ts';
import { setApiFieldErrors } from '../forms/api-field-errors.ts';
import { useLocale } from '../i18n/i18n.ts';

type Values = Record<string, string | undefined>;

/** The settings by group, in the plugin's order: the ungrouped first. */
function grouped(items: readonly IntegrationSetting[]): { group: LocalizedText | undefined; items: IntegrationSetting[] }[] {
  const groups: { group: LocalizedText | undefined; items: IntegrationSetting[] }[] = [];
  for (const item of items) {
    const same = groups.find((g) => g.group?.en === item.group?.en);
    if (same) same.items.push(item);
    else groups.push({ group: item.group, items: [item] });
  }
  return groups;
}

/** What a form item shows in place of an input (a secret that is set): the item's value and events are not its. */
function Shown({ children }: { children: ReactNode; value?: unknown; onChange?: unknown; id?: string }) {
  return <Space wrap>{children}</Space>;
}

const initialValues = (items: readonly IntegrationSetting[]): Values => Object.fromEntries(items.filter((s) => !s.secret).map((s) => [s.name, s.value ?? '']));

/**
 * A plugin's configuration section on the integrations page: its variables as a form, non-secrets with
 * their values, secrets as password fields that show only that they are set ("replace" or "clear" them),
 * and the ones set in the server's environment read-only. Saving changes only what was edited; the
 * status above refreshes (`onSaved`). Folded while the plugin is connected.
 */
export function IntegrationSettingsSection({ plugin, configured, onSaved }: { plugin: string; configured: boolean; onSaved: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const fail = useErrorToast();
  const [form] = Form.useForm<Values>();
  const [settings, setSettings] = useState<IntegrationSettings | null>(null);
  const [replacing, setReplacing] = useState<ReadonlySet<string>>(new Set());
  const [clearing, setClearing] = useState<ReadonlySet<string>>(new Set());
  const [saving, setSaving] = useState(false);

  const show = useCallback(
    (answer: IntegrationSettings) => {
      setSettings(answer);
      setReplacing(new Set());
      setClearing(new Set());
      form.resetFields();
      form.setFieldsValue(initialValues(answer.items));
    },
    [form],
  );
  useEffect(() => void api.integrationSettings(plugin).then(show, fail), [plugin, show, fail]);
  const groups = useMemo(() => grouped(settings?.items ?? []), [settings]);
  if (!settings || settings.items.length === 0) return null;

  const toggle = (set: ReadonlySet<string>, name: string, on: boolean) => {
    const next = new Set(set);
    if (on) next.add(name);
    else next.delete(name);
    return next;
  };

  const save = async () => {
    const values = form.getFieldsValue(true) as Values;
    const changes: Record<string, string | null> = {};
    for (const setting of settings.items) {
      if (setting.source === 'environment') continue;
      const typed = (values[setting.name] ?? '').trim();
      if (!setting.secret) {
        if (typed !== (setting.value ?? '')) changes[setting.name] = typed === '' ? null : typed;
      } else if (clearing.has(setting.name)) changes[setting.name] = null;
      else if ((replacing.has(setting.name) || !setting.set) && typed !== '') changes[setting.name] = typed;
    }
    if (Object.keys(changes).length === 0) {
      void message.info(t('integrationSettings.nothingChanged'));
      return;
    }
    setSaving(true);
    try {
      show(await api.saveIntegrationSettings(plugin, changes));
      void message.success(t('integrationSettings.saved'));
      onSaved();
    } catch (error) {
      if (!setApiFieldErrors(form, error, t('integrationSettings.invalid'), 'values')) fail(error);
    } finally {
      setSaving(false);
    }
  };

  const field = (setting: IntegrationSetting) => {
    if (setting.source === 'environment') {
      return setting.secret ? (
        <Shown>
          <Tag>{t('integrationSettings.fromEnvironment')}</Tag>
        </Shown>
      ) : (
        <Input value={setting.value} disabled addonAfter={t('integrationSettings.fromEnvironment')} />
      );
    }
    if (!setting.secret) return <Input allowClear />;
    if (clearing.has(setting.name)) {
      return (
        <Shown>
          <Tag color="warning">{t('integrationSettings.willClear')}</Tag>
          <Button size="small" onClick={() => setClearing(toggle(clearing, setting.name, false))}>
            {t('integrationSettings.undo')}
          </Button>
        </Shown>
      );
    }
    if (setting.set && !replacing.has(setting.name)) {
      return (
        <Shown>
          {setting.problem ? <Tag color="error">{t('integrationSettings.unreadable')}</Tag> : <Tag color="success">{t('integrationSettings.set')}</Tag>}
          <Button size="small" onClick={() => setReplacing(toggle(replacing, setting.name, true))}>
            {t('integrationSettings.replace')}
          </Button>
          <Button size="small" danger onClick={() => setClearing(toggle(clearing, setting.name, true))}>
            {t('integrationSettings.clear')}
          </Button>
        </Shown>
      );
    }
    return <Input.Password autoComplete="new-password" placeholder={setting.set ? t('integrationSettings.newValue') : undefined} disabled={!settings.secretsKey} />;
  };

  const body = (
    <>
      <Typography.Paragraph type="secondary">{t('integrationSettings.help')}</Typography.Paragraph>
      {!settings.secretsKey && <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('integrationSettings.noKey')} />}
      <Form form={form} name={`${plugin}-settings`} layout="vertical" onFinish={() => void save()} style={{ maxWidth: 640 }}>
        {groups.map(({ group, items }) => (
          <div key={group?.en ?? ''}>
            {group && <Typography.Title level={5}>{group[locale]}</Typography.Title>}
            {items.map((setting) => (
              <Form.Item
                key={setting.name}
                name={setting.name}
                label={setting.label[locale]}
                extra={setting.problem ? t('integrationSettings.unreadableHelp') : setting.help?.[locale]}
              >
                {field(setting)}
              </Form.Item>
            ))}
          </div>
        ))}
        <Button type="primary" htmlType="submit" loading={saving}>
          {t('integrationSettings.save')}
        </Button>
      </Form>
    </>
  );
  return (
    <Collapse
      style={{ marginTop: 16 }}
      defaultActiveKey={configured ? [] : ['settings']}
      items={[{ key: 'settings', label: t('integrationSettings.title'), children: body }]}
    />
  );
}
