import type { XYPosition } from '@xyflow/react';
import { create } from 'zustand';

/** Where a node chosen in the picker goes: after this output port, at `at` (flow coordinates) when given. */
export interface PickerTarget {
  nodeId: string;
  port: string;
  at?: XYPosition;
}

/**
 * The node picker: opened by a "+" on an edge or a free port, or by a connection dropped in empty
 * space, at a point on the screen; the node chosen is added after `target`, connected.
 */
export interface NodePickerState {
  open: { target: PickerTarget; screen: XYPosition } | null;
  show(target: PickerTarget, screen: XYPosition): void;
  close(): void;
}

export const useNodePicker = create<NodePickerState>()((set) => ({
  open: null,
  show: (target, screen) => set({ open: { target, screen } }),
  close: () => set({ open: null }),
}));
