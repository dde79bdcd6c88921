import { Handle, Position, type NodeProps, type NodeTypes } from '@xyflow/react';
import { memo, useMemo, type CSSProperties } from 'react';
import { nodeSummary } from '../node-types/node-summary.ts';
import { NodeIcon, STAGE_COLORS } from '../node-types/node-icon.tsx';
import { NodeMonitorBadge } from '../monitor/monitor-badges.tsx';
import { portCenterX } from './card-geometry.ts';
import { useCanvasView } from './canvas-view.ts';
import { portsOfNode, type EntryFlowNode, type JourneyFlowNode, type StepFlowNode } from './convert.ts';
import { useNodePicker } from './node-picker-store.ts';
import { selectNodeProblems, selectUsedPorts, useEditorStore } from './store.ts';

/**
 * A node card: icon, label, a one-line summary and, along its bottom edge, one labelled handle per
 * output port, laid out as `cardGeometry` says. Zoomed out it is a plain tinted block with its handles, nothing else is
 * rendered. Kept free of antd components and of per-card subscriptions beyond its own problems, so a
 * thousand of them stay cheap to draw.
 */
function NodeCard({ id, data, selected, incoming }: NodeProps<JourneyFlowNode> & { incoming: boolean }) {
  const { t, locale, library, zoomedOut, monitor, editable, marks } = useCanvasView();
  const mark = marks?.[id];
  const problems = useEditorStore(selectNodeProblems(id));
  const description = library[data.nodeType];
  const ports = useMemo(() => portsOfNode(data.nodeType, data.config, library), [data.nodeType, data.config, library]);
  const portTitle = (port: string) => description?.portTitles[port]?.[locale] ?? (port === 'out' ? t('ports.out') : port);
  // Problems come errors first: a card with only warnings is marked apart, as the problems list marks them.
  const warnedOnly = problems.length > 0 && problems[0]!.warning;
  const problemClass = problems.length === 0 ? false : warnedOnly ? 'jn-warned' : 'jn-invalid';
  const className = ['jn-card', selected && 'jn-selected', problemClass, mark && `jn-mark-${mark}`].filter(Boolean).join(' ');
  const accent = { '--jn-accent': description ? STAGE_COLORS[description.stage] : '#bfbfbf' } as CSSProperties;
  return (
    <>
      <div className={className} style={accent} data-testid={`node-${data.nodeType}`} {...(mark ? { 'data-mark': mark } : {})}>
        {!zoomedOut && <CardDetails data={data} ports={ports} portTitle={portTitle} />}
      </div>
      {incoming && <Handle type="target" position={Position.Top} className="jn-handle jn-target" />}
      {ports.map((port, i) => (
        <Handle
          key={port}
          type="source"
          position={Position.Bottom}
          id={port}
          className="jn-handle"
          style={{ left: portCenterX(i, ports.length) }}
          {...(zoomedOut ? {} : { title: portTitle(port) })}
        />
      ))}
      {!zoomedOut && problems.length > 0 && (
        <div className={warnedOnly ? 'jn-problem jn-problem-warning' : 'jn-problem'} title={problems.map((p) => p.message[locale]).join('\n')}>
          {problems[0]!.message[locale]}
          {problems.length > 1 && ` (+${problems.length - 1})`}
        </div>
      )}
      {!zoomedOut && monitor && <NodeMonitorBadge nodeId={id} />}
      {!zoomedOut && editable && <FreePortButtons nodeId={id} ports={ports} portTitle={portTitle} />}
    </>
  );
}

/** A "+" under each output port without an edge: it opens the node picker to add the next node there. */
function FreePortButtons({ nodeId, ports, portTitle }: { nodeId: string; ports: readonly string[]; portTitle: (port: string) => string }) {
  const { t } = useCanvasView();
  const used = useEditorStore(selectUsedPorts(nodeId));
  const taken = used.split('\u0000');
  return ports.map((port, i) =>
    taken.includes(port) ? null : (
      <button
        key={port}
        type="button"
        className="jn-add nodrag nopan"
        style={{ left: portCenterX(i, ports.length) }}
        data-testid={`add-after-${nodeId}-${port}`}
        title={`${t('editor.addHere')} · ${portTitle(port)}`}
        aria-label={`${t('editor.addHere')} · ${portTitle(port)}`}
        onClick={(event) => {
          event.stopPropagation();
          const box = event.currentTarget.getBoundingClientRect();
          useNodePicker.getState().show({ nodeId, port }, { x: box.left + box.width / 2, y: box.bottom });
        }}
      >
        +
      </button>
    ),
  );
}

/** What a card shows close up: icon, label and type, summary, port names. */
function CardDetails({
  data,
  ports,
  portTitle,
}: {
  data: JourneyFlowNode['data'];
  ports: readonly string[];
  portTitle: (port: string) => string;
}) {
  const { t, locale, library, planNames } = useCanvasView();
  const description = library[data.nodeType];
  const summary = useMemo(() => nodeSummary(description, data.config, locale, planNames), [description, data.config, locale, planNames]);
  const title = description ? description.title[locale] : data.nodeType;
  const label = data.label.trim() || title;
  return (
    <>
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
      {description ? (
        <div className={summary ? 'jn-summary' : 'jn-summary jn-about'} title={summary ?? description.description[locale]}>
          {summary ?? description.description[locale]}
        </div>
      ) : (
        <div className="jn-summary jn-warning">{t('editor.missingType', { type: data.nodeType })}</div>
      )}
      {ports.length > 0 && (
        <div className="jn-ports">
          {ports.map((port) => (
            <div className="jn-port" key={port}>
              {portTitle(port)}
            </div>
          ))}
        </div>
      )}
    </>
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
