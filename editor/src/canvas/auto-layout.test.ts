import { builtinSpecs, describeNodeType } from '@journey/nodes';
import { describe, expect, it } from 'vitest';
import { layoutPositions } from './auto-layout.ts';
import { graphToFlow } from './convert.ts';

const library = Object.fromEntries(builtinSpecs.map((spec) => [spec.type, describeNodeType(spec)]));

describe('layoutPositions', () => {
  it('lays a branching journey out top to bottom, each branch under the port the card names first', async () => {
    const { nodes, edges } = graphToFlow({
      nodes: [
        { id: 'n1', type: 'entry', position: { x: 500, y: 500 } },
        { id: 'n2', type: 'condition', position: { x: 0, y: 0 } },
        { id: 'n3', type: 'tag', position: { x: 900, y: 0 } },
        { id: 'n4', type: 'tag', position: { x: -900, y: 0 } },
      ],
      // The "no" edge was drawn first, to the node further left; the card still shows "yes" first.
      edges: [
        { id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' },
        { id: 'e3', source: 'n2', sourceHandle: 'no', target: 'n4' },
        { id: 'e2', source: 'n2', sourceHandle: 'yes', target: 'n3' },
      ],
    }, library);
    const at = await layoutPositions(nodes, edges);
    expect(at.n1!.y).toBeLessThan(at.n2!.y);
    expect(at.n2!.y).toBeLessThan(at.n3!.y);
    expect(at.n3!.y).toBe(at.n4!.y);
    expect(at.n3!.x).toBeLessThan(at.n4!.x);
    // Cards of one layer do not overlap, and the layers have room for edges between them.
    const width = nodes.find((n) => n.id === 'n3')!.width!;
    expect(at.n4!.x - at.n3!.x).toBeGreaterThanOrEqual(width + 40);
    expect(at.n2!.y - at.n1!.y).toBeGreaterThanOrEqual(nodes[0]!.height! + 60);
  });

  it('keeps a one-port chain in one column, so it reads straight down', async () => {
    const { nodes, edges } = graphToFlow({
      nodes: ['entry', 'tag', 'wait', 'goal'].map((type, i) => ({ id: `n${i + 1}`, type, position: { x: i * 300, y: 0 } })),
      edges: [1, 2, 3].map((i) => ({ id: `e${i}`, source: `n${i}`, sourceHandle: 'out', target: `n${i + 1}` })),
    }, library);
    const at = await layoutPositions(nodes, edges);
    const xs = Object.values(at).map((p) => p.x);
    expect(new Set(xs).size).toBe(1);
    expect(Object.values(at).map((p) => p.y)).toEqual([...Object.values(at).map((p) => p.y)].sort((a, b) => a - b));
  });
});
