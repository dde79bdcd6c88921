import { builtinSpecs, NodeRegistry, validateGraph } from '@journey/nodes';
import { describe, expect, it } from 'vitest';
import { largeJourneyGraph } from '../../../test/support/large-journey.ts';
import { validateGraphInSlices } from './validate-in-slices.ts';

const registry = new NodeRegistry(builtinSpecs);

describe('validateGraphInSlices', () => {
  it('answers what validateGraph answers', async () => {
    const graph = largeJourneyGraph(1200);
    graph.edges.pop();
    const sliced = await validateGraphInSlices(graph, registry, { sliceMs: 0 });
    expect(sliced).toEqual(validateGraph(graph, registry));
    expect(sliced.problems).toEqual([expect.objectContaining({ code: 'unreachable', nodeId: 'n1200' })]);
  });

  it('lets the event loop turn between its passes', async () => {
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    // 2,000 nodes: the size check, the shape, four blocks of configs, the edges and six rules.
    await validateGraphInSlices(largeJourneyGraph(2000), registry, { sliceMs: 0 });
    ticking = false;
    expect(turns).toBeGreaterThanOrEqual(10);
  });
});
