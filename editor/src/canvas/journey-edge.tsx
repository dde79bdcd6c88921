import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps, type EdgeTypes } from '@xyflow/react';
import { memo } from 'react';
import { EdgeMonitorCount } from '../monitor/monitor-badges.tsx';
import { useCanvasView } from './canvas-view.ts';
import type { JourneyFlowEdge } from './convert.ts';
import { useNodePicker } from './node-picker-store.ts';
import { selectEdgeProblems, useEditorStore } from './store.ts';

/**
 * An edge; red, with the first problem as its label, when the last check found it at fault. Where the
 * journey can be edited, a "+" at its middle opens the node picker to put a node in between. (A large
 * journey zoomed out draws its edges with `EdgeOverview` instead.)
 */
const JourneyEdge = memo(function JourneyEdge(props: EdgeProps<JourneyFlowEdge>) {
  const { monitor, editable, locale, t } = useCanvasView();
  const problems = useEditorStore(selectEdgeProblems(props.id));
  const invalid = problems.length > 0;
  const className = invalid ? 'je-invalid' : props.selected ? 'je-selected' : undefined;
  const [path, labelX, labelY] = getSmoothStepPath({ ...props, borderRadius: 10 });
  return (
    <>
      <BaseEdge id={props.id} path={path} {...(props.markerEnd ? { markerEnd: props.markerEnd } : {})} className={className} />
      {monitor && <EdgeMonitorCount edgeId={props.id} x={labelX} y={labelY} />}
      {editable && (
        <EdgeLabelRenderer>
          <button
            type="button"
            className="je-add nodrag nopan"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid={`add-on-${props.id}`}
            title={t('editor.addHere')}
            aria-label={t('editor.addHere')}
            onClick={(event) => {
              const box = event.currentTarget.getBoundingClientRect();
              useNodePicker.getState().show(
                { nodeId: props.source, port: props.sourceHandleId ?? 'out' },
                { x: box.left + box.width / 2, y: box.bottom },
              );
            }}
          >
            +
          </button>
        </EdgeLabelRenderer>
      )}
      {invalid && (
        <EdgeLabelRenderer>
          <div className="je-problem" style={{ transform: `translate(-50%, 0) translate(${labelX}px, ${labelY + 12}px)` }}>
            {problems[0]!.message[locale]}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}, sameEdge);

const COORDINATES = ['sourceX', 'sourceY', 'targetX', 'targetY'] as const;

/**
 * Equal edge props, ends compared to a hundredth of a pixel: React Flow measures handles through the
 * zoom, so the measured ends differ from the declared ones (card-geometry.ts) by rounding noise, which
 * must not redraw a thousand edges.
 */
function sameEdge(a: EdgeProps<JourneyFlowEdge>, b: EdgeProps<JourneyFlowEdge>): boolean {
  for (const key of Object.keys(a) as (keyof typeof a)[]) {
    if ((COORDINATES as readonly string[]).includes(key)) {
      if (Math.abs((a[key] as number) - (b[key] as number)) >= 0.01) return false;
    } else if (!Object.is(a[key], b[key])) return false;
  }
  return Object.keys(a).length === Object.keys(b).length;
}

/** The canvas's edge components by type. */
export const edgeTypes = { journey: JourneyEdge } satisfies EdgeTypes;
