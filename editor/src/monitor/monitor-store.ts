import { create } from 'zustand';
import type { JourneyStats } from '../api/client.ts';

/** Monitor mode: whether the canvas shows live counts, and the last counts read. */
export interface MonitorState {
  /** True while the monitor page shows the canvas; node cards and edges then show their counts. */
  active: boolean;
  stats: JourneyStats | null;
  /** When `stats` was read (epoch ms). */
  readAt: number | null;
  start(): void;
  stop(): void;
  setStats(stats: JourneyStats, readAt: number): void;
}

export const useMonitorStore = create<MonitorState>()((set) => ({
  active: false,
  stats: null,
  readAt: null,
  start: () => set({ active: true, stats: null, readAt: null }),
  stop: () => set({ active: false, stats: null, readAt: null }),
  setStats: (stats, readAt) => set({ stats, readAt }),
}));
