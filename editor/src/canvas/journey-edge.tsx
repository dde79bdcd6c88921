import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps, type EdgeTypes } from '@xyflow/react';
import { memo } from 'react';
import { useLocale } from '../i18n/i18n.ts';
import { EdgeMonitorCount } from '../monitor/monitor-badges.tsx';
import type { JourneyFlowEdge } from './convert.ts';
import { selectEdgeProblems, useEditorStore } from './store.ts';

/** An edge; red, with the first problem as its label, when the last check found it at fault. */
const JourneyEdge = memo(function JourneyEdge(props: EdgeProps<JourneyFlowEdge>) {
  const problems = useEditorStore(selectEdgeProblems(props.id));
  const locale = useLocale();
  const [path, labelX, labelY] = getSmoothStepPath({ ...props, borderRadius: 10 });
  const invalid = problems.length > 0;
  return (
    <>
      <BaseEdge
        id={props.id}
        path={path}
        {...(props.markerEnd ? { markerEnd: props.markerEnd } : {})}
        className={invalid ? 'je-invalid' : props.selected ? 'je-selected' : undefined}
      />
      <EdgeMonitorCount edgeId={props.id} x={labelX} y={labelY} />
      {invalid && (
        <EdgeLabelRenderer>
          <div className="je-problem" style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}>
            {problems[0]![locale]}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});

/** The canvas's edge components by type. */
export const edgeTypes = { journey: JourneyEdge } satisfies EdgeTypes;
