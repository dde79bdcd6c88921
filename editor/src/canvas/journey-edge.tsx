import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps, type EdgeTypes } from '@xyflow/react';
import { memo } from 'react';
import { EdgeMonitorCount } from '../monitor/monitor-badges.tsx';
import { useCanvasView } from './canvas-view.ts';
import type { JourneyFlowEdge } from './convert.ts';
import { selectEdgeProblems, useEditorStore } from './store.ts';

/**
 * An edge; red, with the first problem as its label, when the last check found it at fault. (A large
 * journey zoomed out draws its edges with `EdgeOverview` instead.)
 */
const JourneyEdge = memo(function JourneyEdge(props: EdgeProps<JourneyFlowEdge>) {
  const { monitor, locale } = useCanvasView();
  const problems = useEditorStore(selectEdgeProblems(props.id));
  const invalid = problems.length > 0;
  const className = invalid ? 'je-invalid' : props.selected ? 'je-selected' : undefined;
  const [path, labelX, labelY] = getSmoothStepPath({ ...props, borderRadius: 10 });
  return (
    <>
      <BaseEdge id={props.id} path={path} {...(props.markerEnd ? { markerEnd: props.markerEnd } : {})} className={className} />
      {monitor && <EdgeMonitorCount edgeId={props.id} x={labelX} y={labelY} />}
      {invalid && (
        <EdgeLabelRenderer>
          <div className="je-problem" style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}>
            {problems[0]![locale]}
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
