import { Position, ViewportPortal, getSmoothStepPath } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { handlePoint } from './card-geometry.ts';
import type { JourneyFlowNode } from './convert.ts';
import { useEditorStore } from './store.ts';

/** The handle of `node` an edge leaves from (`id` = the port) or arrives at (`id` = null). */
function handleOf(node: JourneyFlowNode, type: 'source' | 'target', id: string | null) {
  return node.handles?.find((h) => h.type === type && (type === 'target' || h.id === id));
}

/**
 * Every edge of a large journey, zoomed out, as bare lines in one SVG under the node cards, routed
 * like the edges React Flow draws close up. React Flow gives each edge an SVG element of its own and
 * three store subscriptions, which on a thousand edges cost much of every frame of a pan; here the
 * lines follow the editor store (positions while dragging included) and nothing else.
 */
export const EdgeOverview = memo(function EdgeOverview() {
  const nodes = useEditorStore((s) => s.nodes);
  const edges = useEditorStore((s) => s.edges);
  const problemsByEdge = useEditorStore((s) => s.problemsByEdge);
  const lines = useMemo(() => {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    return edges.flatMap((edge) => {
      const source = byId.get(edge.source);
      const target = byId.get(edge.target);
      const out = source && handleOf(source, 'source', edge.sourceHandle);
      const into = target && handleOf(target, 'target', null);
      if (!out || !into) return [];
      const from = handlePoint(source.position, out);
      const to = handlePoint(target.position, into);
      const [path] = getSmoothStepPath({
        sourceX: from.x,
        sourceY: from.y,
        sourcePosition: Position.Bottom,
        targetX: to.x,
        targetY: to.y,
        targetPosition: Position.Top,
        borderRadius: 0,
      });
      const className = problemsByEdge[edge.id] ? 'je-invalid' : edge.selected ? 'je-selected' : undefined;
      return [{ id: edge.id, path, className }];
    });
  }, [nodes, edges, problemsByEdge]);
  return (
    <ViewportPortal>
      <svg className="jc-edge-overview">
        {lines.map((line) => (
          <path key={line.id} data-id={line.id} d={line.path} className={line.className} />
        ))}
      </svg>
    </ViewportPortal>
  );
});
