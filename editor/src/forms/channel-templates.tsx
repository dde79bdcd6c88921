import { Form, Input, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ChannelTemplate } from '../api/client.ts';
import { useLocale } from '../i18n/i18n.ts';
import { pinyinSearch } from './search-match.ts';
import { fieldValues, withFieldValue } from './template-fields.ts';

/** How long a channel's templates are kept in the page before they are asked again (the server keeps them a minute too). */
const KEEP_MS = 60_000;
const read = new Map<string, { at: number; templates: Promise<ChannelTemplate[]> }>();

/**
 * The approved templates of the carrier delivering `channel`: empty while they are read, for a channel
 * without templates, and when they cannot be read (the form is then the plain one).
 *
 * @example const templates = useChannelTemplates('sms'); // [{ id: 'SMS_154950909', name: '登录验证码', fields: [{ key: 'code' }] }]
 */
export function useChannelTemplates(channel: string | undefined): ChannelTemplate[] {
  const [templates, setTemplates] = useState<{ channel: string; items: ChannelTemplate[] } | null>(null);
  useEffect(() => {
    if (channel === undefined) return;
    let known = read.get(channel);
    if (!known || Date.now() - known.at > KEEP_MS) {
      known = { at: Date.now(), templates: api.channelTemplates(channel).then(({ items }) => items, () => []) };
      read.set(channel, known);
    }
    let live = true;
    void known.templates.then((items) => live && setTemplates({ channel, items }));
    return () => {
      live = false;
    };
  }, [channel]);
  return templates !== null && templates.channel === channel ? templates.items : [];
}

type TemplateOption = { value: string; label: string };

/** The templates as options, grouped under their kind when they have kinds (the Official Account's two). */
function templateOptions(templates: readonly ChannelTemplate[], locale: 'zh-CN' | 'en'): (TemplateOption | { label: string; options: TemplateOption[] })[] {
  const option = (template: ChannelTemplate) => ({ value: template.id, label: template.name });
  if (!templates.some((template) => template.kind)) return templates.map(option);
  const groups = new Map<string, TemplateOption[]>();
  for (const template of templates) {
    const kind = template.kind?.[locale] ?? '';
    groups.set(kind, [...(groups.get(kind) ?? []), option(template)]);
  }
  return [...groups].map(([label, options]) => ({ label, options }));
}

/**
 * The title as a choice of the channel's templates by name (pinyin search too), grouped by their kind
 * when they have kinds, the chosen one's text under it.
 *
 * @example <TemplatePicker id="config-title" value={title} templates={templates} onPick={(t) => setTitle(t?.id ?? '')} />
 */
export function TemplatePicker(props: { id: string; value: string; templates: readonly ChannelTemplate[]; onPick: (template: ChannelTemplate | undefined) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const chosen = props.templates.find((template) => template.id === props.value);
  const options = templateOptions(props.templates, locale);
  // A title naming no approved template (one withdrawn since, or typed before) stays visible, marked so.
  if (props.value && !chosen) options.push({ value: props.value, label: t('form.templateMissing', { id: props.value }) });
  return (
    <div className="schema-channel-template">
      <Select
        id={props.id}
        value={props.value || null}
        showSearch={pinyinSearch}
        allowClear
        placeholder={t('form.templatePlaceholder')}
        options={options}
        optionRender={(option) => (
          <span data-testid="channel-template-option">
            {option.label} <span className="muted">{option.value}</span>
          </span>
        )}
        notFoundContent={<span className="muted">{t('form.noTemplateFound')}</span>}
        onChange={(id: string | undefined) => props.onPick(props.templates.find((template) => template.id === id))}
      />
      {chosen?.kind && (
        <div className="muted" data-testid="channel-template-kind">
          {chosen.kind[locale]}
        </div>
      )}
      {chosen?.content && (
        <div className="muted schema-channel-template-content" data-testid="channel-template-content">
          {chosen.content}
        </div>
      )}
    </div>
  );
}

/**
 * One input per variable of the chosen template, with its label and a counter against the carrier's
 * limit, each written to the body as its `key=value` line.
 *
 * @example <TemplateFieldInputs id="config-template" template={picked} body={body} onChange={setBody} />
 */
export function TemplateFieldInputs(props: { id: string; template: ChannelTemplate; body: string; onChange: (body: string) => void }) {
  const { t } = useTranslation();
  const values = fieldValues(props.body);
  return (
    <div className="schema-group schema-template-fields" aria-label={t('form.templateFields')} data-testid="template-fields">
      <div className="muted">{t('form.templateFieldsHelp')}</div>
      {props.template.fields.map((field) => {
        const id = `${props.id}-${field.key}`;
        return (
          <Form.Item key={field.key} label={field.label ?? field.key} htmlFor={id} tooltip={field.hint} style={{ marginBottom: 8 }}>
            <Input
              id={id}
              value={values[field.key] ?? ''}
              count={field.maxLength === undefined ? undefined : { show: true, max: field.maxLength }}
              onChange={(e) => props.onChange(withFieldValue(props.body, field.key, e.target.value))}
            />
          </Form.Item>
        );
      })}
    </div>
  );
}
