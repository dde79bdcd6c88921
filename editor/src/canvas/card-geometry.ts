import { Position, type NodeHandle, type XYPosition } from '@xyflow/react';

/**
 * The node card's fixed layout, in flow pixels. Journeys flow top to bottom: a card takes its
 * contacts in at the middle of its top edge and lets them out through one handle per output port
 * along its bottom edge, under that port's name. The card's size and its handles follow from its
 * number of output ports alone, so React Flow is told them up front (`width`, `height`, `handles`)
 * and draws every card and edge of a journey in one pass, before it has measured anything.
 * styles.css lays the rows out with the same sizes (`.jn-head`, `.jn-summary`, `.jn-ports`,
 * `.jn-port`); the e2e suite checks that the drawn handles sit where these numbers say.
 */
export const CARD = {
  /** The narrowest card; one with many ports is wider (`portWidth` each). */
  width: 220,
  /** The width each output port's column takes at least. */
  portWidth: 72,
  /** Top and bottom border. */
  border: 1,
  /** Padding above the icon and titles, then their row. */
  headPadding: 8,
  headRow: 32,
  /** The summary line, with the gap above it. */
  summary: 22,
  /** Gap and divider line above the port row. */
  portsDivider: 6,
  /** The row of port names along the bottom. */
  port: 22,
  /** Space below the summary on a card without ports. */
  bottomPadding: 8,
  /** A handle's outer size (border included). */
  handle: 14,
} as const;

const HEAD = CARD.headPadding + CARD.headRow;

/** A card's size and its handles, as React Flow's node `width`, `height` and `handles`. */
export interface CardGeometry {
  width: number;
  height: number;
  handles: NodeHandle[];
}

/** The width of a card with `portCount` output ports. */
export function cardWidth(portCount: number): number {
  return Math.max(CARD.width, portCount * CARD.portWidth);
}

/** Horizontal centre of the `index`-th of `count` output ports: the middle of its column. */
export function portCenterX(index: number, count: number): number {
  const column = cardWidth(count) / count;
  return column * index + column / 2;
}

/**
 * The card of a node with these output ports (left to right) and, unless it is an entry, one
 * incoming handle at the middle of its top edge. Output handles sit on the bottom edge, one under
 * each port's column.
 *
 * @example
 * ```ts
 * cardGeometry(['yes', 'no'], true);
 * // { width: 220, height: 102, handles: [{ type: 'target', position: 'top', … }, { type: 'source', id: 'yes', … }, …] }
 * ```
 */
export function cardGeometry(ports: readonly string[], incoming: boolean): CardGeometry {
  const width = cardWidth(ports.length);
  const height = CARD.border + HEAD + CARD.summary + (ports.length ? CARD.portsDivider + CARD.port : CARD.bottomPadding) + CARD.border;
  const half = CARD.handle / 2;
  const handles: NodeHandle[] = ports.map((port, i) => ({
    type: 'source',
    id: port,
    position: Position.Bottom,
    x: portCenterX(i, ports.length) - half,
    y: height - half,
    width: CARD.handle,
    height: CARD.handle,
  }));
  if (incoming) {
    handles.unshift({
      type: 'target',
      id: null,
      position: Position.Top,
      x: width / 2 - half,
      y: -half,
      width: CARD.handle,
      height: CARD.handle,
    });
  }
  return { width, height, handles };
}

/**
 * Where an edge meets a handle, in flow coordinates: the outer middle of the handle on the side it
 * faces — the point React Flow joins edges to.
 *
 * @example
 * ```ts
 * const [, out] = cardGeometry(['out'], true).handles;
 * handlePoint({ x: 300, y: 0 }, out!); // { x: 410, y: 108 }: 7 px below the card's bottom edge
 * ```
 */
export function handlePoint(at: XYPosition, handle: NodeHandle): XYPosition {
  const width = handle.width ?? CARD.handle;
  const height = handle.height ?? CARD.handle;
  return { x: at.x + handle.x + width / 2, y: at.y + handle.y + (handle.position === Position.Bottom ? height : 0) };
}
