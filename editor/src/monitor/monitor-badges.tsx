import { EdgeLabelRenderer } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/i18n.ts';
import { useMonitorStore } from './monitor-store.ts';
import './monitor.css';

/**
 * A node's live counts in monitor mode — entered, waiting, failed — shown on its card; nothing
 * outside monitor mode. Each badge reads only its own node's counts, so a poll re-renders only
 * the nodes whose counts changed.
 */
export const NodeMonitorBadge = memo(function NodeMonitorBadge({ nodeId }: { nodeId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const active = useMonitorStore((s) => s.active);
  const entered = useMonitorStore((s) => s.stats?.nodes[nodeId]?.entered ?? 0);
  const waiting = useMonitorStore((s) => s.stats?.nodes[nodeId]?.waiting ?? 0);
  const failed = useMonitorStore((s) => s.stats?.nodes[nodeId]?.failed ?? 0);
  if (!active) return null;
  const items = [
    { key: 'entered', value: entered, label: t('monitor.entered') },
    { key: 'waiting', value: waiting, label: t('monitor.waiting') },
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

/** How many runs took an edge, at the edge's label point, in monitor mode; nothing otherwise. */
export const EdgeMonitorCount = memo(function EdgeMonitorCount({ edgeId, x, y }: { edgeId: string; x: number; y: number }) {
  const { t } = useTranslation();
  const active = useMonitorStore((s) => s.active);
  const taken = useMonitorStore((s) => s.stats?.edges[edgeId] ?? 0);
  if (!active) return null;
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
