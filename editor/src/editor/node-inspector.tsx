import { DeleteOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Form, Input } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditorStore, type EditorState } from '../canvas/store.ts';
import { useConfigIssues } from '../forms/config-issues.ts';
import { FormContext, type FormContextValue } from '../forms/form-context.ts';
import { SchemaForm } from '../forms/schema-form.tsx';
import { rememberedTags } from '../forms/tag-input.tsx';
import { NO_UPSTREAM, templateUpstream, type TemplateUpstream } from '../forms/template-upstream.ts';
import type { JsonSchema } from '../forms/schema-model.ts';
import { useLocale } from '../i18n/i18n.ts';
import { NodeIcon, STAGE_COLORS } from '../node-types/node-icon.tsx';

const selectSelectedData = (s: EditorState) =>
  s.selectedNodeId ? s.nodes.find((n) => n.id === s.selectedNodeId)?.data : undefined;

/** Every tag the journey's nodes add, remove or test, read when a tag picker opens. */
function journeyTags(): string[] {
  const tags = new Set<string>();
  const collect = (value: unknown, key?: string) => {
    if (typeof value === 'string' && (key === 'tag' || key === 'add' || key === 'remove')) tags.add(value);
    else if (Array.isArray(value)) value.forEach((v) => collect(v, key));
    else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => collect(v, k));
  };
  for (const node of useEditorStore.getState().nodes) collect(node.data.config);
  return [...tags];
}

const suggestTags = () => [...new Set([...journeyTags(), ...rememberedTags()])].filter(Boolean);

/** The right panel: the selected node's name and its config form, checked as it is edited. */
export function NodeInspector() {
  const { t } = useTranslation();
  const locale = useLocale();
  const id = useEditorStore((s) => s.selectedNodeId);
  const data = useEditorStore(selectSelectedData);
  const description = useEditorStore((s) => (data ? s.nodeTypes[data.nodeType] : undefined));
  const updateNode = useEditorStore((s) => s.updateNode);
  const removeNode = useEditorStore((s) => s.removeNode);
  const issues = useConfigIssues(data?.nodeType, data?.config, locale);
  const timezone = useEditorStore((s) => s.settings.timezone ?? 'Asia/Shanghai');
  // As text, so moving nodes (a new nodes array, the same upstream) does not redraw the form.
  const upstream = useEditorStore((s) => JSON.stringify(id ? templateUpstream(s.nodes, s.edges, id) : NO_UPSTREAM));
  const formContext = useMemo<FormContextValue>(
    () => ({ timezone, suggestTags, upstream: JSON.parse(upstream) as TemplateUpstream }),
    [timezone, upstream],
  );

  if (!id || !data) {
    return (
      <aside className="inspector inspector-empty">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('editor.noSelection')} />
      </aside>
    );
  }
  const schema = description?.configSchema as JsonSchema | undefined;
  const hasFields = Object.keys(schema?.properties ?? {}).length > 0;
  return (
    <aside className="inspector" aria-label={t('editor.nodeSettings')}>
      <div className="inspector-head">
        <span
          className="inspector-icon"
          style={{ color: description ? STAGE_COLORS[description.stage] : undefined }}
        >
          <NodeIcon icon={description?.icon ?? '?'} />
        </span>
        <div className="inspector-titles">
          <div className="inspector-type">{description?.title[locale] ?? data.nodeType}</div>
          {description && <div className="inspector-description">{description.description[locale]}</div>}
        </div>
        <Button
          type="text"
          danger
          icon={<DeleteOutlined />}
          title={t('editor.deleteNode')}
          aria-label={t('editor.deleteNode')}
          onClick={() => removeNode(id)}
        />
      </div>
      <div className="inspector-body">
        <Form layout="vertical" component="div">
          <Form.Item label={t('editor.nodeLabel')} htmlFor="node-label">
            <Input
              id="node-label"
              value={data.label}
              maxLength={200}
              placeholder={description?.title[locale]}
              onChange={(e) => updateNode(id, { label: e.target.value })}
            />
          </Form.Item>
        </Form>
        <div className="panel-title">{t('editor.nodeSettings')}</div>
        {issues[''] && <Alert type="error" showIcon title={issues[''].join('；')} className="inspector-alert" />}
        {!description && <Alert type="warning" showIcon title={t('editor.missingType', { type: data.nodeType })} />}
        {schema && hasFields && (
          <FormContext value={formContext}>
            <SchemaForm
              key={id}
              schema={schema}
              value={data.config}
              errors={issues}
              onChange={(config) => updateNode(id, { config })}
            />
          </FormContext>
        )}
        {description && !hasFields && <div className="muted">{t('editor.noSettings')}</div>}
      </div>
    </aside>
  );
}
