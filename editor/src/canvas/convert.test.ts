import { builtinSpecs, describeNodeType, entrySpec, journeyGraphSchema, tagSpec, type JourneyGraphInput } from '@journey/nodes';
import { describe, expect, it } from 'vitest';
import { cardGeometry } from './card-geometry.ts';
import { createFlowNode, flowToGraph, graphToFlow, nextId, withCard, type NodeLibrary } from './convert.ts';

const library: NodeLibrary = Object.fromEntries(builtinSpecs.map((spec) => [spec.type, describeNodeType(spec)]));

const graph: JourneyGraphInput = {
  nodes: [
    { id: 'n1', type: 'entry', label: '抖音直播引流', position: { x: 0, y: 0 }, config: { sources: ['douyin_live'] } },
    { id: 'n2', type: 'tag', position: { x: 300, y: 10 }, config: { add: ['直播客'] } },
    { id: 'n3', type: 'ab_split', position: { x: 600, y: 0 } },
  ],
  edges: [
    { id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' },
    { id: 'e2', source: 'n2', target: 'n3' },
  ],
};

describe('graphToFlow', () => {
  it('draws entries without an incoming handle and fills schema defaults', () => {
    const { nodes, edges } = graphToFlow(graph, library);
    expect(nodes.map((n) => [n.id, n.type, n.data.nodeType])).toEqual([
      ['n1', 'entry', 'entry'],
      ['n2', 'step', 'tag'],
      ['n3', 'step', 'ab_split'],
    ]);
    expect(nodes[1]!.data.label).toBe('');
    expect(nodes[2]!.data.config).toEqual({});
    expect(edges[1]).toEqual({ id: 'e2', type: 'journey', source: 'n2', sourceHandle: 'out', target: 'n3' });
  });

  it("gives each card its size and handles from its type's ports for its config", () => {
    const variants = [
      { key: 'a', label: 'A', weight: 50 },
      { key: 'b', label: 'B', weight: 50 },
    ];
    const split = { id: 'n3', type: 'ab_split', position: { x: 600, y: 0 }, config: { variants } };
    const { nodes } = graphToFlow({ ...graph, nodes: [...graph.nodes.slice(0, 2), split] }, library);
    const handles = (i: number) => nodes[i]!.handles!.map((h) => `${h.type}:${h.id ?? ''}`);
    expect(handles(0)).toEqual(['source:out']);
    expect(handles(1)).toEqual(['target:', 'source:out']);
    // An A/B split's ports are its variants.
    expect(handles(2)).toEqual(['target:', 'source:a', 'source:b']);
    expect(nodes[2]).toMatchObject(cardGeometry(['a', 'b'], true));
    expect(nodes[2]!.handles!.filter((h) => h.type === 'source').map((h) => h.x)).toEqual([...nodes[2]!.handles!.filter((h) => h.type === 'source').map((h) => h.x)].sort((a, b) => a - b));
  });

  it('draws a node of a type the library lacks as a card without ports', () => {
    const { nodes } = graphToFlow({ nodes: [{ id: 'x', type: 'gone', position: { x: 0, y: 0 } }], edges: [] }, library);
    expect(nodes[0]).toMatchObject(cardGeometry([], true));
  });
});

describe('withCard', () => {
  it('resizes the card when a config edit changes the ports', () => {
    const [split] = graphToFlow({ nodes: [graph.nodes[2]!], edges: [] }, library).nodes;
    const variants = ['a', 'b', 'c', 'd'].map((key) => ({ key, label: '', weight: 1 }));
    const edited = withCard({ ...split!, data: { ...split!.data, config: { variants } } }, library);
    expect(edited.handles!.filter((h) => h.type === 'source').map((h) => h.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(edited.width).toBeGreaterThan(split!.width!);
  });
});

describe('flowToGraph', () => {
  it('round-trips a stored graph', () => {
    const { nodes, edges } = graphToFlow(graph, library);
    const back = flowToGraph(nodes, edges);
    expect(back.version).toBe(1);
    expect(back.nodes[0]).toEqual(graph.nodes[0]);
    expect(back.nodes[1]).toEqual(graph.nodes[1]);
    expect(back.nodes[2]).toEqual({ ...graph.nodes[2], config: {} });
    expect(back.edges[1]).toEqual({ id: 'e2', source: 'n2', sourceHandle: 'out', target: 'n3' });
  });

  it('keeps only graph fields: no selection, measurements or blank labels', () => {
    const { nodes, edges } = graphToFlow(graph, library);
    const drawn = nodes.map((n) => ({
      ...n,
      selected: true,
      measured: { width: 220, height: 80 },
      position: { x: n.position.x + 0.4, y: n.position.y - 0.6 },
      data: { ...n.data, label: n.id === 'n2' ? '   ' : n.data.label },
    }));
    const back = flowToGraph(drawn, edges.map((e) => ({ ...e, selected: true, animated: true })));
    expect(Object.keys(back.nodes[1]!).sort()).toEqual(['config', 'id', 'position', 'type']);
    expect(back.nodes[1]!.position).toEqual({ x: 300, y: 9 });
    expect(Object.keys(back.edges[0]!).sort()).toEqual(['id', 'source', 'sourceHandle', 'target']);
    // The graph schema refuses unknown keys at every level: what the editor saves passes it.
    expect(journeyGraphSchema.safeParse(back).error).toBeUndefined();
  });
});

describe('nextId', () => {
  it('continues after the highest number used with the prefix', () => {
    expect(nextId('n', [])).toBe('n1');
    expect(nextId('n', ['n1', 'n7', 'e9', 'nx', 'n3'])).toBe('n8');
  });
});

describe('createFlowNode', () => {
  it("starts from the type's default config and is labelled with its title", () => {
    const node = createFlowNode(describeNodeType(entrySpec), { x: 10, y: 20 }, 'zh-CN', ['n1']);
    expect(node).toMatchObject({
      id: 'n2',
      type: 'entry',
      position: { x: 10, y: 20 },
      data: { nodeType: 'entry', label: '入口', config: { event: 'contact.acquired', sources: [], reentry: 'once' } },
    });
    expect(createFlowNode(describeNodeType(tagSpec), { x: 0, y: 0 }, 'en', []).data.label).toBe('Tag');
  });

  it('does not share the default config between nodes', () => {
    const description = describeNodeType(tagSpec);
    const a = createFlowNode(description, { x: 0, y: 0 }, 'en', []);
    (a.data.config.add as string[]).push('vip');
    expect(createFlowNode(description, { x: 0, y: 0 }, 'en', []).data.config.add).toEqual([]);
  });
});
