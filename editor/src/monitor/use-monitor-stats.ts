import { useCallback, useEffect, useRef } from 'react';
import { api } from '../api/client.ts';
import { expireOnUnauthorized } from '../auth/session-store.ts';
import { useMonitorStore } from './monitor-store.ts';

/** How often the monitor reads a journey's counts. */
export const MONITOR_POLL_MS = 3000;

/**
 * Turns monitor mode on for `journeyId` while mounted and reads its stats (of `version`'s runs alone,
 * when given) now and every
 * `intervalMs`, skipping reads while the tab is hidden. A failed read keeps the last counts shown
 * and reports the error once; the next read that succeeds clears it. Returns a `refresh` that reads now.
 */
export function useMonitorStats(journeyId: string, version: number | undefined, onError: (error: unknown) => void, intervalMs = MONITOR_POLL_MS) {
  const failing = useRef(false);
  const onErrorRef = useRef(onError);
  useEffect(() => {
    onErrorRef.current = onError;
  }, [onError]);

  const refresh = useCallback(async () => {
    try {
      const stats = await api.stats(journeyId, version);
      failing.current = false;
      if (useMonitorStore.getState().active) useMonitorStore.getState().setStats(stats, Date.now());
    } catch (error) {
      if (expireOnUnauthorized(error) || failing.current) return;
      failing.current = true;
      onErrorRef.current(error);
    }
  }, [journeyId, version]);

  useEffect(() => {
    const { start, stop } = useMonitorStore.getState();
    start();
    void refresh();
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void refresh();
    }, intervalMs);
    return () => {
      window.clearInterval(timer);
      stop();
    };
  }, [refresh, intervalMs]);

  return refresh;
}
