import {
  CHANNELS,
  CHANNEL_TITLES,
  SOURCE_GROUPS,
  SOURCE_GROUP_TITLES,
  SOURCE_TITLES,
  vocabularyTitle,
  type BuiltinSource,
  type Locale,
} from '@journey/nodes';
import { AutoComplete, Form, Input, InputNumber, Select, Switch, Tooltip } from 'antd';
import { Fragment, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useContactWaySources } from '../integrations/use-contact-way-sources.ts';
import { useLocale } from '../i18n/i18n.ts';
import { TemplateFieldInputs, TemplatePicker, useChannelTemplates } from './channel-templates.tsx';
import { JsonInput } from './json-input.tsx';
import { ObjectListInput } from './object-list-input.tsx';
import { RecordInput } from './record-input.tsx';
import { pinyinSearch } from './search-match.ts';
import { useFormContext } from './form-context.ts';
import { useSeenEventTypes } from './seen-event-types.ts';
import { usePlans } from './use-plans.ts';
import { routeHash } from '../app/router.ts';
import {
  fieldHelp,
  fieldKind,
  fieldTitle,
  optionTitle,
  isVisible,
  parseScalar,
  pathKey,
  withField,
  type JsonSchema,
} from './schema-model.ts';
import { TagInput, TagListInput } from './tag-input.tsx';
import { TemplateInput } from './template-input.tsx';
import { withFields } from './template-fields.ts';

/** Props every field editor takes. */
export interface FieldProps {
  schema: JsonSchema;
  value: unknown;
  onChange: (value: unknown) => void;
  /** Where the field is in the config, e.g. `["rules", 0, "tag"]`; also names its errors and DOM id. */
  path: (string | number)[];
  /** Errors by `pathKey`. */
  errors: Record<string, string[]>;
  /** The tag of the union branch the field belongs to (e.g. `attribute`), to pick its label. */
  branch?: string;
}

/** The DOM id of a field's input, so its label is linked to it (and tests can find it by label). */
export const fieldId = (path: readonly (string | number)[]) => `config-${pathKey(path) || 'root'}`;

/**
 * A config form generated from a node type's JSON Schema: one labelled editor per property, nested
 * objects and lists included, with the errors of each field under it.
 *
 * @example
 * ```tsx
 * <SchemaForm schema={description.configSchema} value={node.data.config}
 *   onChange={(config) => updateNode(node.id, { config })} errors={useConfigIssues(type, config, locale)} />
 * ```
 */
export function SchemaForm(props: {
  schema: JsonSchema;
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
  errors: Record<string, string[]>;
}) {
  return (
    <Form layout="vertical" component="div" className="schema-form">
      <ObjectFields
        schema={props.schema}
        value={props.value}
        onChange={(v) => props.onChange(v as Record<string, unknown>)}
        path={[]}
        errors={props.errors}
      />
    </Form>
  );
}

/**
 * The properties of an object schema, each as a labelled field. When the carrier of a channel has
 * approved templates, the field naming one picks it by name — `title` beside a channel field, or the
 * field marked `templatesOf` a channel — and the field of its variables (the message template, or the
 * one `templatesOf` names) gets an input per variable of it.
 */
export function ObjectFields({ schema, value, onChange, path, errors, branch, hidden }: FieldProps & { hidden?: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const object = (value ?? {}) as Record<string, unknown>;
  const properties = Object.entries(schema.properties ?? {});
  // A field naming a template of a fixed channel or of a sibling field's (x-templates-of), or content_push's title on its chosen channel.
  const fixed = properties.find(([, property]) => property['x-templates-of'] !== undefined);
  const of = fixed?.[1]['x-templates-of'];
  const channelProperty = properties.find(([, property]) => fieldKind(property) === 'channel');
  const titleKey = fixed?.[0] ?? (channelProperty ? 'title' : undefined);
  const channelKey = of ? ('channelField' in of ? of.channelField : undefined) : channelProperty?.[0];
  const channel = of && 'channel' in of ? of.channel : channelKey !== undefined ? (object[channelKey] ?? schema.properties?.[channelKey]?.default) : undefined;
  const templates = useChannelTemplates(typeof channel === 'string' ? channel : undefined);
  const bodyKey = templates.length === 0 ? undefined : (of?.variables ?? properties.find(([, property]) => fieldKind(property) === 'template')?.[0]);
  const body = bodyKey !== undefined && typeof object[bodyKey] === 'string' ? object[bodyKey] : '';
  const picked = titleKey === undefined ? undefined : templates.find((template) => template.id === object[titleKey]);
  return (
    <>
      {properties.map(([key, property]) => {
        if (key === hidden || !isVisible(property, object, schema)) return null;
        const childPath = [...path, key];
        const label =
          fieldTitle(property, locale) ??
          t(`fields.${branch}_${key}`, { defaultValue: t(`fields.${key}`, { defaultValue: key }) });
        const input =
          bodyKey !== undefined && key === titleKey ? (
            <TemplatePicker
              id={fieldId(childPath)}
              value={typeof object[key] === 'string' ? object[key] : ''}
              templates={templates}
              onPick={(template) =>
                onChange(withField(withField(object, key, template?.id ?? ''), bodyKey, template ? withFields(body, template.fields.map((f) => f.key)) : body))
              }
            />
          ) : (
            <FieldInput
              schema={property}
              value={object[key]}
              onChange={(v) => onChange(withField(object, key, v))}
              path={childPath}
              errors={errors}
              {...(branch ? { branch } : {})}
            />
          );
        return (
          <Fragment key={key}>
            {key === bodyKey && picked && picked.fields.length > 0 && (
              <TemplateFieldInputs id={fieldId(childPath)} template={picked} body={body} onChange={(v) => onChange(withField(object, key, v))} />
            )}
            <FieldRow label={label} help={fieldHelp(property, locale)} path={childPath} errors={errors} required={schema.required?.includes(key) ?? false}>
              {input}
            </FieldRow>
          </Fragment>
        );
      })}
    </>
  );
}

function FieldRow(props: {
  label: string;
  help: string | undefined;
  path: (string | number)[];
  errors: Record<string, string[]>;
  required: boolean;
  children: ReactNode;
}) {
  const messages = props.errors[pathKey(props.path)];
  return (
    <Form.Item
      label={props.label}
      htmlFor={fieldId(props.path)}
      required={props.required}
      tooltip={props.help}
      {...(messages ? { validateStatus: 'error' as const, help: messages.join('；') } : {})}
    >
      {props.children}
    </Form.Item>
  );
}

/** An event type field: suggests the types received so far, with their counts, then the product's own. */
function EventInput(props: { id: string; value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const types = useSeenEventTypes();
  return (
    <AutoComplete
      id={props.id}
      value={props.value}
      options={types.map(({ type, count }) => {
        const title = vocabularyTitle('event', type, locale);
        return {
          value: type,
          title,
          label: (
            <span data-testid="event-option">
              {title} <span className="muted">{t('form.eventSeen', { count })}</span>
            </span>
          ),
        };
      })}
      placeholder={t('form.eventPlaceholder')}
      onChange={(v: string) => props.onChange(v)}
      // The label is markup: search the event's title (by pinyin too) and its id.
      filterOption={(input, option) => pinyinSearch.filterOption(input, { label: option?.title, value: option?.value })}
    />
  );
}

function FieldInput(props: FieldProps) {
  const { schema, value, onChange, path } = props;
  const { t } = useTranslation();
  const locale = useLocale();
  const id = fieldId(path);
  const kind = fieldKind(schema);
  const text = typeof value === 'string' ? value : '';
  switch (kind) {
    case 'text':
      return <Input id={id} value={text} maxLength={schema.maxLength} onChange={(e) => onChange(e.target.value)} />;
    case 'time':
      return <TimeOfDayInput id={id} value={text} onChange={onChange} />;
    case 'template':
    case 'json-template':
      return <TemplateInput id={id} value={text} onChange={onChange} code={kind === 'json-template'} maxLength={schema.maxLength} />;
    case 'event':
      return <EventInput id={id} value={text} onChange={onChange} />;
    case 'number':
      return (
        <InputNumber
          id={id}
          value={typeof value === 'number' ? value : null}
          min={schema.minimum ?? schema.exclusiveMinimum}
          max={schema.maximum ?? schema.exclusiveMaximum}
          precision={schema.type === 'integer' ? 0 : undefined}
          style={{ width: '100%' }}
          onChange={(v) => onChange(typeof v === 'number' ? v : undefined)}
        />
      );
    case 'boolean':
      return <Switch id={id} checked={value === true} onChange={onChange} />;
    case 'select':
      return (
        <Select
          id={id}
          // A field the stored config leaves out holds its default (the server reads it so).
          value={value ?? schema.default}
          showSearch={pinyinSearch}
          options={(schema.enum ?? []).map((v) => ({
            value: v as string,
            label: optionTitle(schema, v, locale) ?? t(`values.${String(v)}`, { defaultValue: String(v) }),
          }))}
          onChange={onChange}
        />
      );
    case 'channel':
      return <ChannelSelect id={id} schema={schema} value={value} onChange={onChange} locale={locale} />;
    case 'source-list':
      return <SourceSelect id={id} value={value} onChange={onChange} locale={locale} />;
    case 'tag-list':
      return <TagListInput id={id} value={value} onChange={onChange} />;
    case 'tag':
      return <TagInput id={id} value={value} onChange={onChange} />;
    case 'plan':
      return <PlanSelect id={id} value={text} onChange={onChange} />;
    case 'duration':
      return <DurationInput {...props} />;
    case 'object':
      return (
        <div className="schema-group">
          <ObjectFields {...props} />
        </div>
      );
    case 'record':
      return <RecordInput {...props} />;
    case 'object-list':
      return <ObjectListInput {...props} />;
    case 'scalar':
      return (
        <Input
          id={id}
          value={value === undefined || value === null ? '' : String(value)}
          onChange={(e) => onChange(e.target.value === '' ? undefined : parseScalar(e.target.value))}
        />
      );
    case 'json':
      return <JsonInput id={id} value={value} onChange={onChange} />;
  }
}

/**
 * A membership plan by name (its id in a tooltip): the plans not archived, and the one chosen even when
 * it was archived or removed since, marked so. With no plan at all, it links to the plans page.
 */
function PlanSelect(props: { id: string; value: string; onChange: (v: unknown) => void }) {
  const { t } = useTranslation();
  const plans = usePlans();
  const chosen = plans?.find((p) => p.id === props.value);
  const options = (plans ?? [])
    .filter((p) => !p.archived || p.id === props.value)
    .map((p) => ({
      value: p.id,
      label: p.archived ? t('form.planArchived', { name: p.name }) : p.name,
    }));
  if (props.value && plans && !chosen) options.push({ value: props.value, label: t('form.planMissing', { id: props.value }) });
  const link = <a href={routeHash({ page: 'plans' })}>{plans?.length ? t('form.managePlans') : t('form.createPlan')}</a>;
  return (
    <div className="schema-plan">
      <Tooltip title={chosen ? t('form.planId', { id: chosen.id }) : undefined} placement="topLeft">
        <Select
          id={props.id}
          value={props.value || null}
          loading={plans === null}
          showSearch={pinyinSearch}
          placeholder={plans?.length === 0 ? t('form.noPlans') : t('form.planPlaceholder')}
          options={options}
          optionRender={(option) => (
            <span data-testid="plan-option" title={t('form.planId', { id: option.value })}>
              {option.label}
            </span>
          )}
          notFoundContent={<span className="muted">{t('form.noPlans')}</span>}
          onChange={props.onChange}
        />
      </Tooltip>
      <div className="schema-plan-link">{link}</div>
    </div>
  );
}

/** A time of day (HH:MM, 24-hour) with the journey's time zone beside it. */
function TimeOfDayInput(props: { id: string; value: string; onChange: (v: unknown) => void }) {
  const { t } = useTranslation();
  const { timezone } = useFormContext();
  return (
    <div className="schema-time">
      <Input
        id={props.id}
        type="time"
        value={props.value}
        style={{ width: 140 }}
        onChange={(e) => props.onChange(e.target.value || undefined)}
      />
      <span className="muted" data-testid="time-zone">
        {t('form.inTimeZone', { timezone })}
      </span>
    </div>
  );
}

/** The channels the node type serves (plugins' included), by their served names. */
function ChannelSelect(props: { id: string; schema: JsonSchema; value: unknown; onChange: (v: unknown) => void; locale: Locale }) {
  const { schema, locale } = props;
  const options = useMemo(
    () =>
      ((schema.enum as string[] | undefined) ?? [...CHANNELS]).map((c) => ({
        value: c,
        label: optionTitle(schema, c, locale) ?? CHANNEL_TITLES[c as keyof typeof CHANNEL_TITLES]?.[locale] ?? c,
      })),
    [schema, locale],
  );
  return <Select id={props.id} value={props.value} showSearch={pinyinSearch} options={options} onChange={props.onChange} />;
}

function SourceSelect(props: { id: string; value: unknown; onChange: (v: unknown) => void; locale: Locale }) {
  const { t } = useTranslation();
  const contactWays = useContactWaySources();
  const options = useMemo(
    () => [
      ...(Object.keys(SOURCE_GROUPS) as (keyof typeof SOURCE_GROUPS)[]).map((group) => ({
        label: SOURCE_GROUP_TITLES[group][props.locale],
        title: group,
        options: SOURCE_GROUPS[group].map((s) => ({ value: s, label: SOURCE_TITLES[s][props.locale] })),
      })),
      // Sources with a WeCom contact way (渠道活码) that are not built-in ones.
      ...(contactWays.some((s) => !(s in SOURCE_TITLES))
        ? [
            {
              label: t('integrations.contactWays'),
              title: 'wecom',
              options: contactWays.filter((s) => !(s in SOURCE_TITLES)).map((s) => ({ value: s, label: s })),
            },
          ]
        : []),
    ],
    [props.locale, contactWays, t],
  );
  return (
    <Select
      id={props.id}
      mode="tags"
      value={Array.isArray(props.value) ? props.value : []}
      options={options}
      showSearch={pinyinSearch}
      placeholder={t('form.sourcesPlaceholder')}
      tokenSeparators={[',', '，']}
      labelRender={({ value }) => SOURCE_TITLES[value as BuiltinSource]?.[props.locale] ?? String(value)}
      onChange={props.onChange}
    />
  );
}

function DurationInput({ schema, value, onChange, path }: FieldProps) {
  const locale = useLocale();
  // A duration the stored config leaves out holds its default (the server reads it so).
  const duration = (value ?? schema.default ?? {}) as Record<string, unknown>;
  return (
    <div className="schema-duration">
      {Object.entries(schema.properties ?? {}).map(([part, partSchema]) => (
        <InputNumber
          key={part}
          id={fieldId([...path, part])}
          aria-label={fieldTitle(partSchema, locale)}
          value={typeof duration[part] === 'number' ? duration[part] : null}
          min={partSchema.minimum}
          max={partSchema.maximum}
          precision={0}
          suffix={fieldTitle(partSchema, locale)}
          onChange={(v) => onChange(withField(duration, part, typeof v === 'number' ? v : 0))}
        />
      ))}
    </div>
  );
}
