import { builtinSpecs, describeNodeType } from '@journey/nodes';
import { describe, expect, it } from 'vitest';
import { layoutPositions } from './auto-layout.ts';
import { graphToFlow } from './convert.ts';

const library = Object.fromEntries(builtinSpecs.map((spec) => [spec.type, describeNodeType(spec)]));

describe('layoutPositions', () => {
  it('lays a branching journey out left to right, keeping port order top to bottom', async () => {
    const { nodes, edges } = graphToFlow({
      nodes: [
        { id: 'n1', type: 'entry', position: { x: 500, y: 500 } },
        { id: 'n2', type: 'condition', position: { x: 0, y: 0 } },
        { id: 'n3', type: 'tag', position: { x: 0, y: 900 } },
        { id: 'n4', type: 'tag', position: { x: 0, y: -900 } },
      ],
      // The "no" edge was drawn first; the card still shows "yes" on top.
      edges: [
        { id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' },
        { id: 'e3', source: 'n2', sourceHandle: 'no', target: 'n4' },
        { id: 'e2', source: 'n2', sourceHandle: 'yes', target: 'n3' },
      ],
    }, library);
    const at = await layoutPositions(nodes, edges, (n) => (n.data.nodeType === 'condition' ? ['yes', 'no'] : ['out']));
    expect(at.n1!.x).toBeLessThan(at.n2!.x);
    expect(at.n2!.x).toBeLessThan(at.n3!.x);
    expect(at.n3!.x).toBe(at.n4!.x);
    expect(at.n3!.y).toBeLessThan(at.n4!.y);
    expect(Math.abs(at.n3!.y - at.n4!.y)).toBeGreaterThanOrEqual(90);
  });
});
