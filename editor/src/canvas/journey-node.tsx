import { portsOf } from '@journey/nodes';
import { Handle, Position, type NodeProps, type NodeTypes } from '@xyflow/react';
import { memo, useMemo, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/i18n.ts';
import { nodeSummary } from '../node-types/builtin-registry.ts';
import { NodeIcon, STAGE_COLORS } from '../node-types/node-icon.tsx';
import { NodeMonitorBadge } from '../monitor/monitor-badges.tsx';
import type { EntryFlowNode, JourneyFlowNode, StepFlowNode } from './convert.ts';
import { selectNodeProblems, useEditorStore } from './store.ts';

/**
 * A node card: icon, label, a one-line summary and one labelled handle per output port.
 * Kept free of antd components so a thousand of them stay cheap to draw.
 */
function NodeCard({ id, data, selected, incoming }: NodeProps<JourneyFlowNode> & { incoming: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const description = useEditorStore((s) => s.nodeTypes[data.nodeType]);
  const problems = useEditorStore(selectNodeProblems(id));
  const summary = useMemo(() => nodeSummary(data.nodeType, data.config, locale), [data.nodeType, data.config, locale]);
  const ports = useMemo(() => (description ? portsOf(description.ports, data.config) : []), [description, data.config]);

  const title = description ? description.title[locale] : data.nodeType;
  const label = data.label.trim() || title;
  const className = ['jn-card', selected && 'jn-selected', problems.length > 0 && 'jn-invalid'].filter(Boolean).join(' ');
  return (
    <div
      className={className}
      style={{ '--jn-accent': description ? STAGE_COLORS[description.stage] : '#bfbfbf' } as CSSProperties}
      data-testid={`node-${data.nodeType}`}
    >
      {incoming && <Handle type="target" position={Position.Left} className="jn-handle jn-target" />}
      <div className="jn-head">
        <span className="jn-icon">
          <NodeIcon icon={description?.icon ?? '?'} />
        </span>
        <div className="jn-titles">
          <div className="jn-label" title={label}>
            {label}
          </div>
          {label !== title && <div className="jn-type">{title}</div>}
        </div>
      </div>
      {!description && <div className="jn-warning">{t('editor.missingType', { type: data.nodeType })}</div>}
      {summary && <div className="jn-summary" title={summary}>{summary}</div>}
      {problems.length > 0 && (
        <div className="jn-problem" title={problems.map((p) => p[locale]).join('\n')}>
          {problems[0]![locale]}
          {problems.length > 1 && ` (+${problems.length - 1})`}
        </div>
      )}
      <NodeMonitorBadge nodeId={id} />
      {ports.length > 0 && (
        <div className="jn-ports">
          {ports.map((port) => {
            const portTitle = description?.portTitles[port]?.[locale] ?? (port === 'out' ? t('ports.out') : port);
            return (
              <div className="jn-port" key={port}>
                <span>{portTitle}</span>
                <Handle type="source" position={Position.Right} id={port} className="jn-handle" title={portTitle} />
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}

const EntryNode = memo(function EntryNode(props: NodeProps<EntryFlowNode>) {
  return <NodeCard {...props} incoming={false} />;
});

const StepNode = memo(function StepNode(props: NodeProps<StepFlowNode>) {
  return <NodeCard {...props} incoming />;
});

/** The canvas's node components by drawing kind (`JourneyFlowNode['type']`). */
export const nodeTypes = { entry: EntryNode, step: StepNode } satisfies NodeTypes;
