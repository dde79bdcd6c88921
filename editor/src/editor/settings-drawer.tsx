import {
  channelOptions,
  journeySettingsSchema,
  KNOWN_EVENTS,
  vocabularyTitle,
  type JourneySettingsInput,
} from '@journey/nodes';
import { AutoComplete, Drawer, Form, Input, InputNumber, Select, Switch } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditorStore } from '../canvas/store.ts';
import { schemaIssues } from '../forms/config-issues.ts';
import { pinyinSearch } from '../forms/search-match.ts';
import { useLocale } from '../i18n/i18n.ts';

/** Time zones the browser knows, for the picker; the journey's own stays listed even if unknown. */
const TIME_ZONES: readonly string[] = Intl.supportedValuesOf('timeZone');
const DEFAULT_QUIET_HOURS = { start: '22:00', end: '08:00' };
const DEFAULT_CAP = { max: 3, perHours: 24, channels: [] };

/**
 * The journey settings drawer: time zone, quiet hours, frequency cap and exit event, checked with
 * `journeySettingsSchema` as they are edited. (Re-entry is set on each entry node.)
 */
export function SettingsDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const settings = useEditorStore((s) => s.settings);
  const setSettings = useEditorStore((s) => s.setSettings);
  const issues = useMemo(() => schemaIssues(journeySettingsSchema, settings, locale), [settings, locale]);
  // Edits apply to the store's current settings, not this render's copy: two edits in a row (a channel
  // picked, then the exit event typed) must not let the second undo the first before a re-render.
  const change = (patch: (current: JourneySettingsInput) => Partial<JourneySettingsInput>) => {
    const current = useEditorStore.getState().settings;
    setSettings({ ...current, ...patch(current) });
  };
  const timezone = settings.timezone ?? 'Asia/Shanghai';
  const quiet = settings.quietHours ?? null;
  const cap = settings.frequencyCap ?? null;
  const errorOf = (...keys: string[]) => {
    const messages = keys.flatMap((k) => issues[k] ?? []);
    return messages.length ? { validateStatus: 'error' as const, help: messages.join('；') } : {};
  };
  const zoneOptions = useMemo(
    () => (TIME_ZONES.includes(timezone) ? TIME_ZONES : [timezone, ...TIME_ZONES]).map((z) => ({ value: z, label: z })),
    [timezone],
  );
  const options = useMemo(() => channelOptions(locale), [locale]);

  return (
    <Drawer title={t('settings.title')} open={open} onClose={onClose} size={400} destroyOnHidden>
      <Form layout="vertical" component="div" className="settings-form">
        <Form.Item label={t('settings.timezone')} htmlFor="settings-timezone" tooltip={t('settings.timezoneHelp')} {...errorOf('timezone')}>
          <Select id="settings-timezone" showSearch value={timezone} options={zoneOptions} onChange={(v: string) => change(() => ({ timezone: v }))} />
        </Form.Item>

        <Form.Item label={t('settings.quietHours')} tooltip={t('settings.quietHoursHelp')} {...errorOf('quietHours.start', 'quietHours.end')}>
          <div className="settings-row">
            <Switch
              aria-label={t('settings.quietHours')}
              checked={quiet !== null}
              onChange={(on) => change(() => ({ quietHours: on ? DEFAULT_QUIET_HOURS : null }))}
            />
            {quiet && (
              <>
                <Input
                  type="time"
                  aria-label={t('settings.quietStart')}
                  value={quiet.start}
                  onChange={(e) => {
                    const start = e.target.value;
                    change((s) => ({ quietHours: { ...(s.quietHours ?? quiet), start } }));
                  }}
                />
                <span className="muted">{t('settings.to')}</span>
                <Input
                  type="time"
                  aria-label={t('settings.quietEnd')}
                  value={quiet.end}
                  onChange={(e) => {
                    const end = e.target.value;
                    change((s) => ({ quietHours: { ...(s.quietHours ?? quiet), end } }));
                  }}
                />
              </>
            )}
          </div>
        </Form.Item>

        <Form.Item
          label={t('settings.frequencyCap')}
          tooltip={t('settings.frequencyCapHelp')}
          {...errorOf('frequencyCap.max', 'frequencyCap.perHours', 'frequencyCap.channels')}
        >
          <div className="settings-row">
            <Switch
              aria-label={t('settings.frequencyCap')}
              checked={cap !== null}
              onChange={(on) => change(() => ({ frequencyCap: on ? DEFAULT_CAP : null }))}
            />
            {cap && (
              <span className="settings-cap">
                {t('settings.capAtMost')}
                <InputNumber
                  aria-label={t('settings.capMax')}
                  min={1}
                  max={1000}
                  precision={0}
                  value={cap.max}
                  onChange={(v) => change((s) => ({ frequencyCap: { ...(s.frequencyCap ?? cap), max: v ?? 1 } }))}
                />
                {t('settings.capPer')}
                <InputNumber
                  aria-label={t('settings.capHours')}
                  min={1}
                  max={24 * 90}
                  precision={0}
                  value={cap.perHours}
                  onChange={(v) => change((s) => ({ frequencyCap: { ...(s.frequencyCap ?? cap), perHours: v ?? 24 } }))}
                />
                {t('settings.capHoursUnit')}
              </span>
            )}
          </div>
          {cap && (
            <Select
              className="settings-cap-channels"
              mode="multiple"
              aria-label={t('settings.capChannels')}
              placeholder={t('settings.capAllChannels')}
              value={cap.channels ?? []}
              showSearch={pinyinSearch}
              options={options}
              onChange={(channels) => change((s) => ({ frequencyCap: { ...(s.frequencyCap ?? cap), channels } }))}
            />
          )}
        </Form.Item>

        <Form.Item label={t('settings.exitEvent')} htmlFor="settings-exit-event" tooltip={t('settings.exitEventHelp')} {...errorOf('exitEvent')}>
          <AutoComplete
            id="settings-exit-event"
            allowClear
            value={settings.exitEvent ?? ''}
            options={KNOWN_EVENTS.map((e) => ({ value: e, label: vocabularyTitle('event', e, locale), title: e }))}
            filterOption={pinyinSearch.filterOption}
            placeholder={t('settings.exitEventPlaceholder')}
            onChange={(v: string | undefined) => change(() => ({ exitEvent: v?.trim() ? v : null }))}
          />
        </Form.Item>
        <div className="muted">{t('settings.reentryNote')}</div>
      </Form>
    </Drawer>
  );
}
