import { Position, type NodeHandle, type XYPosition } from '@xyflow/react';

/**
 * The node card's fixed layout, in flow pixels. The card's size and its handles follow from its
 * number of output ports alone, so React Flow is told them up front (`width`, `height`, `handles`)
 * and draws every card and edge of a journey in one pass, before it has measured anything.
 * styles.css lays the rows out with the same heights (`.jn-head`, `.jn-summary`, `.jn-ports`,
 * `.jn-port`); the e2e suite checks that the drawn handles sit where these numbers say.
 */
export const CARD = {
  width: 220,
  /** Top and bottom border. */
  border: 1,
  /** Padding above the icon and titles, then their row. */
  headPadding: 8,
  headRow: 32,
  /** The summary line, with the gap above it. */
  summary: 22,
  /** Gap and divider line above the port rows. */
  portsDivider: 6,
  port: 22,
  /** Space below the summary on a card without ports. */
  bottomPadding: 8,
  /** A handle's outer size (border included). */
  handle: 14,
} as const;

const HEAD = CARD.headPadding + CARD.headRow;
const PORTS_TOP = CARD.border + HEAD + CARD.summary + CARD.portsDivider;

/** A card's size and its handles, as React Flow's node `width`, `height` and `handles`. */
export interface CardGeometry {
  width: number;
  height: number;
  handles: NodeHandle[];
}

/** Vertical centre of the incoming handle: level with the icon. */
export const TARGET_HANDLE_Y = CARD.border + CARD.headPadding + CARD.headRow / 2;

/** Vertical centre of the `index`-th output port's row and handle. */
export function portCenterY(index: number): number {
  return PORTS_TOP + index * CARD.port + CARD.port / 2;
}

/**
 * The card of a node with these output ports (top to bottom) and, unless it is an entry, one
 * incoming handle on its left edge. Output handles sit on the right edge, one per port row.
 *
 * @example
 * ```ts
 * cardGeometry(['yes', 'no'], true);
 * // { width: 220, height: 114, handles: [{ type: 'target', … }, { type: 'source', id: 'yes', … }, …] }
 * ```
 */
export function cardGeometry(ports: readonly string[], incoming: boolean): CardGeometry {
  const height = CARD.border + HEAD + CARD.summary + (ports.length ? CARD.portsDivider + ports.length * CARD.port : CARD.bottomPadding) + CARD.border;
  const half = CARD.handle / 2;
  const handles: NodeHandle[] = ports.map((port, i) => ({
    type: 'source',
    id: port,
    position: Position.Right,
    x: CARD.width - half,
    y: portCenterY(i) - half,
    width: CARD.handle,
    height: CARD.handle,
  }));
  if (incoming) {
    handles.unshift({
      type: 'target',
      id: null,
      position: Position.Left,
      x: -half,
      y: TARGET_HANDLE_Y - half,
      width: CARD.handle,
      height: CARD.handle,
    });
  }
  return { width: CARD.width, height, handles };
}

/**
 * Where an edge meets a handle, in flow coordinates: the outer middle of the handle on the side it
 * faces — the point React Flow joins edges to.
 *
 * @example
 * ```ts
 * const [, out] = cardGeometry(['out'], true).handles;
 * handlePoint({ x: 300, y: 0 }, out!); // { x: 527, y: 80 }: 7 px beyond the card's right edge
 * ```
 */
export function handlePoint(at: XYPosition, handle: NodeHandle): XYPosition {
  const width = handle.width ?? CARD.handle;
  const height = handle.height ?? CARD.handle;
  return { x: at.x + handle.x + (handle.position === Position.Right ? width : 0), y: at.y + handle.y + height / 2 };
}
