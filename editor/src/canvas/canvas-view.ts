import type { Locale } from '@journey/nodes';
import type { TFunction } from 'i18next';
import { createContext, useContext } from 'react';
import type { NodeLibrary } from './convert.ts';

/**
 * What every node card and edge needs from the canvas around it. The canvas reads it once and hands
 * it down, so a thousand cards do not each subscribe to the language, the zoom or the node library.
 */
export interface CanvasView {
  locale: Locale;
  t: TFunction;
  library: NodeLibrary;
  /** Membership plan names by id: cards name the plan a node offers. */
  planNames: ReadonlyMap<string, string>;
  /** A large journey below `DETAIL_ZOOM` (`useZoomedOut`): cards are drawn as plain blocks and edges as bare lines. */
  zoomedOut: boolean;
  /** Monitor mode: cards and edges show their live counts. */
  monitor: boolean;
  /** The journey can be edited here: edges and free ports offer "+" to add a node (not in the monitor or a version's view). */
  editable: boolean;
  /** Cards to mark as added, removed or changed (a version compared with another), by node id. */
  marks: Readonly<Record<string, NodeMark>> | undefined;
}

/** How a card is marked when a version is compared with another. */
export type NodeMark = 'added' | 'removed' | 'changed';

/** Provided by `JourneyFlow`. */
export const CanvasViewContext = createContext<CanvasView | null>(null);

/** The canvas a node card or edge is drawn on (see `CanvasView`). */
export function useCanvasView(): CanvasView {
  const view = useContext(CanvasViewContext);
  if (!view) throw new Error('useCanvasView() is only available inside <JourneyFlow>');
  return view;
}
