import { EdgeLabelRenderer } from '@xyflow/react';
import { memo } from 'react';
import { useCanvasView } from '../canvas/canvas-view.ts';
import { useMonitorStore } from './monitor-store.ts';
import './monitor.css';

/**
 * A node's live counts in monitor mode — entered, waiting (and of them held, when any), failed — shown on its card (the monitor
 * canvas draws it). Each badge reads only its own node's counts, so a poll re-renders only the
 * nodes whose counts changed.
 */
export const NodeMonitorBadge = memo(function NodeMonitorBadge({ nodeId }: { nodeId: string }) {
  const { t, locale } = useCanvasView();
  const entered = useMonitorStore((s) => s.stats?.nodes[nodeId]?.entered ?? 0);
  const waiting = useMonitorStore((s) => s.stats?.nodes[nodeId]?.waiting ?? 0);
  const failed = useMonitorStore((s) => s.stats?.nodes[nodeId]?.failed ?? 0);
  const held = useMonitorStore((s) => s.stats?.nodes[nodeId]?.held ?? 0);
  const items = [
    { key: 'entered', value: entered, label: t('monitor.entered') },
    { key: 'waiting', value: waiting, label: t('monitor.waiting') },
    // Shown only when some are held: a cap or quiet hours keep their messages for later.
    ...(held > 0 ? [{ key: 'held', value: held, label: t('monitor.held') }] : []),
    { key: 'failed', value: failed, label: t('monitor.failed') },
  ];
  return (
    <div className="jm-badge" data-testid="monitor-counts">
      {items.map((item) => (
        <span
          key={item.key}
          className={`jm-count jm-${item.key}${item.value > 0 ? ' jm-nonzero' : ''}`}
          data-count={item.key}
          title={item.label}
        >
          {item.label} <b>{item.value.toLocaleString(locale)}</b>
        </span>
      ))}
    </div>
  );
});

/** How many runs took an edge, at the edge's label point (the monitor canvas draws it). */
export const EdgeMonitorCount = memo(function EdgeMonitorCount({ edgeId, x, y }: { edgeId: string; x: number; y: number }) {
  const { t } = useCanvasView();
  const taken = useMonitorStore((s) => s.stats?.edges[edgeId] ?? 0);
  return (
    <EdgeLabelRenderer>
      <div
        className={taken > 0 ? 'jm-edge jm-nonzero' : 'jm-edge'}
        data-testid={`edge-count-${edgeId}`}
        style={{ transform: `translate(-50%, -50%) translate(${x}px, ${y}px)` }}
      >
        {t('monitor.taken', { count: taken })}
      </div>
    </EdgeLabelRenderer>
  );
});
