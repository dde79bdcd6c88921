import { Position } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { CARD, TARGET_HANDLE_Y, cardGeometry, handlePoint, portCenterY } from './card-geometry.ts';

describe('cardGeometry', () => {
  it('puts the incoming handle on the left edge, level with the icon, and one output per port row on the right', () => {
    const { width, height, handles } = cardGeometry(['yes', 'no'], true);
    expect(width).toBe(CARD.width);
    const centres = handles.map((h) => ({ id: h.id, type: h.type, x: h.x + CARD.handle / 2, y: h.y + CARD.handle / 2, position: h.position }));
    expect(centres).toEqual([
      { id: null, type: 'target', x: 0, y: TARGET_HANDLE_Y, position: Position.Left },
      { id: 'yes', type: 'source', x: CARD.width, y: portCenterY(0), position: Position.Right },
      { id: 'no', type: 'source', x: CARD.width, y: portCenterY(1), position: Position.Right },
    ]);
    // The last port row ends at the bottom border.
    expect(portCenterY(1) + CARD.port / 2 + CARD.border).toBe(height);
  });

  it('grows one port row per port; an entry has no incoming handle; an exit no outgoing ones', () => {
    const one = cardGeometry(['out'], true);
    expect(cardGeometry(['a', 'b', 'c'], true).height - one.height).toBe(2 * CARD.port);
    expect(cardGeometry(['out'], false).handles.map((h) => h.type)).toEqual(['source']);
    const exit = cardGeometry([], true);
    expect(exit.handles.map((h) => h.type)).toEqual(['target']);
    expect(exit.height).toBeLessThan(one.height);
  });
});

describe('handlePoint', () => {
  it('joins edges to the outer middle of a handle: right of an output, left of the input', () => {
    const [into, out] = cardGeometry(['out'], true).handles;
    const at = { x: 300, y: 100 };
    expect(handlePoint(at, out!)).toEqual({ x: 300 + CARD.width + CARD.handle / 2, y: 100 + portCenterY(0) });
    expect(handlePoint(at, into!)).toEqual({ x: 300 - CARD.handle / 2, y: 100 + TARGET_HANDLE_Y });
  });
});
