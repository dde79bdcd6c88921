import { describe, expect, it } from 'vitest';
import { builtinSpecs } from '../builtin/specs.ts';
import { GRAPH_LIMITS, isBlocking, journeyGraphSchema, validateGraph, type JourneyGraphInput } from './graph.ts';
import { NodeRegistry } from './registry.ts';

const registry = new NodeRegistry(builtinSpecs);
const at = { x: 0, y: 0 };

/** entry → tag → content_push → wait → content_push: valid. */
function validGraph(): JourneyGraphInput {
  return {
    nodes: [
      { id: 'entry', type: 'entry', label: '抖音直播引流', position: at, config: { sources: ['douyin_live'] } },
      { id: 'tag', type: 'tag', position: at, config: { add: ['新客'] } },
      { id: 'push1', type: 'content_push', position: at, config: { template: '你好 {{contact.name}}' } },
      { id: 'wait', type: 'wait', position: at, config: { duration: { seconds: 2 } } },
      { id: 'push2', type: 'content_push', position: at, config: { channel: 'sms', template: '再见' } },
    ],
    edges: [
      { id: 'e1', source: 'entry', sourceHandle: 'out', target: 'tag' },
      { id: 'e2', source: 'tag', sourceHandle: 'out', target: 'push1' },
      { id: 'e3', source: 'push1', sourceHandle: 'out', target: 'wait' },
      { id: 'e4', source: 'wait', sourceHandle: 'out', target: 'push2' },
    ],
  };
}

/** The codes of the problems that block publishing (warnings have their own tests). */
function codes(graph: unknown) {
  return validateGraph(graph, registry).problems.filter(isBlocking).map((p) => p.code);
}

describe('validateGraph', () => {
  it('accepts a valid journey and applies config defaults', () => {
    const result = validateGraph(validGraph(), registry);
    expect(result.problems).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.graph?.nodes[0]?.config).toEqual({ sources: ['douyin_live'] });
  });

  it('reports a malformed shape with the path and the node at fault', () => {
    const graph = validGraph();
    (graph.nodes[1] as { position: unknown }).position = { x: 'left' };
    const { valid, problems } = validateGraph(graph, registry);
    expect(valid).toBe(false);
    expect(problems[0]).toMatchObject({ code: 'invalid_shape', nodeId: 'tag', path: ['nodes', 1, 'position', 'x'] });
    expect(problems[0]?.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
  });

  it('requires at least one entry', () => {
    const graph = validGraph();
    graph.nodes = graph.nodes.filter((n) => n.id !== 'entry');
    graph.edges = graph.edges.filter((e) => e.source !== 'entry');
    expect(codes(graph)).toContain('no_entry');
  });

  it('refuses nodes that no entry reaches', () => {
    const graph = validGraph();
    graph.edges = graph.edges.filter((e) => e.id !== 'e2');
    const problems = validateGraph(graph, registry).problems.filter((p) => p.code === 'unreachable');
    expect(problems.map((p) => p.nodeId).sort()).toEqual(['push1', 'push2', 'wait']);
  });

  it('refuses unknown node types', () => {
    const graph = validGraph();
    graph.nodes[1] = { id: 'tag', type: 'lottery', position: at, config: {} };
    expect(validateGraph(graph, registry).problems).toEqual([
      expect.objectContaining({ code: 'unknown_node_type', nodeId: 'tag', path: ['nodes', 1, 'type'] }),
    ]);
  });

  it('refuses an edge from a port the node type does not declare', () => {
    const graph = validGraph();
    graph.edges[0] = { id: 'e1', source: 'entry', sourceHandle: 'yes', target: 'tag' };
    expect(validateGraph(graph, registry).problems).toEqual([
      expect.objectContaining({ code: 'unknown_port', edgeId: 'e1', path: ['edges', 0, 'sourceHandle'] }),
    ]);
  });

  it('derives ab_split ports from its variants', () => {
    const graph = validGraph();
    graph.nodes.push({
      id: 'split',
      type: 'ab_split',
      position: at,
      config: { variants: [{ key: 'red', weight: 1 }, { key: 'blue', weight: 1 }] },
    });
    graph.edges.push({ id: 'e5', source: 'push2', sourceHandle: 'out', target: 'split' });
    graph.edges.push({ id: 'e6', source: 'split', sourceHandle: 'red', target: 'tag' });
    expect(codes(graph)).toEqual([]);
    graph.edges.push({ id: 'e7', source: 'split', sourceHandle: 'a', target: 'push1' });
    expect(codes(graph)).toEqual(['unknown_port']);
  });

  it('allows at most one edge per output port', () => {
    const graph = validGraph();
    graph.edges.push({ id: 'e9', source: 'tag', sourceHandle: 'out', target: 'push2' });
    expect(validateGraph(graph, registry).problems).toEqual([
      expect.objectContaining({ code: 'port_already_connected', edgeId: 'e9', nodeId: 'tag' }),
    ]);
  });

  it('refuses edges that join missing nodes or lead into an entry', () => {
    const graph = validGraph();
    graph.edges.push({ id: 'ghost', source: 'push2', sourceHandle: 'out', target: 'nowhere' });
    expect(codes(graph)).toEqual(['unknown_node']);
    graph.edges.pop();
    graph.edges.push({ id: 'back', source: 'push2', sourceHandle: 'out', target: 'entry' });
    expect(codes(graph)).toContain('edge_into_entry');
  });

  it('refuses a cycle without a waiting node, and accepts one through a wait', () => {
    const looping = validGraph();
    looping.edges.push({ id: 'loop', source: 'push2', sourceHandle: 'out', target: 'tag' });
    expect(codes(looping)).toEqual([]);

    const instant = validGraph();
    instant.nodes.push({
      id: 'cond',
      type: 'condition',
      position: at,
      config: { rules: [{ kind: 'tag', tag: '新客' }] },
    });
    instant.edges.splice(1, 1, { id: 'e2', source: 'tag', sourceHandle: 'out', target: 'cond' });
    instant.edges.push({ id: 'yes', source: 'cond', sourceHandle: 'yes', target: 'push1' });
    instant.edges.push({ id: 'no', source: 'cond', sourceHandle: 'no', target: 'tag' });
    const problems = validateGraph(instant, registry).problems;
    expect(problems.map((p) => p.code)).toEqual(['cycle_without_wait']);
    expect(problems[0]?.message.en).toContain('tag');
  });

  it('refuses a cycle whose waits can all be 0 s, and accepts one through a wait that always lasts', () => {
    // entry → tag → wait(0 s) → tag: published, it looped forever, one trip through the queue a turn.
    const zero = (config: Record<string, unknown>) => {
      const graph = validGraph();
      graph.nodes[3] = { id: 'wait', type: 'wait', position: at, config };
      graph.edges.push({ id: 'back', source: 'push2', sourceHandle: 'out', target: 'tag' });
      return graph;
    };
    const [problem, ...others] = validateGraph(zero({ duration: { seconds: 0 } }), registry).problems;
    expect(others).toEqual([]);
    expect(problem).toMatchObject({ code: 'cycle_with_zero_wait', nodeId: 'tag', path: ['nodes', 1] });
    expect(problem?.message['zh-CN']).toContain('0 秒');
    expect(codes(zero({}))).toEqual(['cycle_with_zero_wait']);
    expect(codes(zero({ duration: { minutes: 1 } }))).toEqual([]);
    expect(codes(zero({ mode: 'time_of_day', timeOfDay: '09:00' }))).toEqual([]);

    // A loop through two waits is refused only when both can be 0 s.
    const two = validGraph();
    two.nodes.push({ id: 'wait2', type: 'wait', position: at, config: { duration: { seconds: 0 } } });
    two.edges.push({ id: 'e5', source: 'push2', sourceHandle: 'out', target: 'wait2' });
    two.edges.push({ id: 'back', source: 'wait2', sourceHandle: 'out', target: 'tag' });
    expect(codes(two)).toEqual([]);
    two.nodes[3]!.config = { duration: { seconds: 0 } };
    expect(codes(two)).toEqual(['cycle_with_zero_wait']);
  });

  it('counts an event wait by its timeout', () => {
    const graph = validGraph();
    graph.nodes[3] = { id: 'wait', type: 'wait_event', position: at, config: { event: 'order.paid', timeout: { hours: 0 } } };
    graph.edges[3] = { id: 'e4', source: 'wait', sourceHandle: 'timeout', target: 'push2' };
    graph.edges.push({ id: 'back', source: 'push2', sourceHandle: 'out', target: 'tag' });
    expect(codes(graph)).toEqual(['cycle_with_zero_wait']);
    graph.nodes[3]!.config = { event: 'order.paid', timeout: { hours: 1 } };
    expect(codes(graph)).toEqual([]);
  });

  it("checks each node's config with its own schema, in both languages", () => {
    const graph = validGraph();
    graph.nodes[2] = { id: 'push1', type: 'content_push', label: '欢迎语', position: at, config: { channel: 'fax' } };
    const problems = validateGraph(graph, registry).problems;
    expect(problems.map((p) => p.path)).toEqual([
      ['nodes', 2, 'config', 'channel'],
      ['nodes', 2, 'config', 'template'],
    ]);
    expect(problems[0]?.message['zh-CN']).toContain('欢迎语');
    expect(problems[0]?.message.en).toContain('欢迎语');
  });

  it('refuses unknown keys inside a config, at the key, so a misspelt field does not change what it means', () => {
    const graph = validGraph();
    graph.nodes.push({ id: 'cond', type: 'condition', position: at, config: { rules: [{ kind: 'tag', opp: 'not_has', tag: '新客' }] } });
    graph.edges.push({ id: 'e5', source: 'push2', sourceHandle: 'out', target: 'cond' });
    expect(validateGraph(graph, registry).problems).toEqual([
      expect.objectContaining({ code: 'invalid_config', nodeId: 'cond', path: ['nodes', 5, 'config', 'rules', 0, 'opp'] }),
    ]);
    const [problem] = validateGraph(graph, registry).problems;
    expect(problem?.message).toEqual({ 'zh-CN': '「cond」的「规则 第 1 项」：不认识的字段：opp', en: '"cond" Rules #1: Unknown field: opp' });
  });

  it('translates custom messages', () => {
    const graph = validGraph();
    graph.nodes[1] = { id: 'tag', type: 'tag', position: at, config: {} };
    const [problem] = validateGraph(graph, registry).problems;
    expect(problem?.message['zh-CN']).toContain('请至少添加或移除一个标签');
    expect(problem?.message.en).toContain('Add or remove at least one tag');
  });

  it('reports duplicate ids', () => {
    const graph = validGraph();
    graph.nodes.push({ id: 'tag', type: 'goal', position: at, config: {} });
    graph.edges.push({ id: 'e1', source: 'push2', sourceHandle: 'out', target: 'push1' });
    expect(codes(graph).filter((c) => c === 'duplicate_id')).toHaveLength(2);
  });

  it('returns every problem at once', () => {
    const graph = validGraph();
    graph.nodes[1] = { id: 'tag', type: 'lottery', position: at, config: {} };
    graph.edges.push({ id: 'x', source: 'push2', sourceHandle: 'nope', target: 'push1' });
    graph.nodes.push({ id: 'island', type: 'goal', position: at, config: {} });
    expect(codes(graph).sort()).toEqual(['unknown_node_type', 'unknown_port', 'unreachable']);
  });

  it('lists a long loop by its first names and its length', () => {
    const graph = validGraph();
    const chain = Array.from({ length: 20 }, (_, i) => `g${i}`);
    graph.nodes.push(...chain.map((id) => ({ id, type: 'goal', position: at, config: {} })));
    graph.edges.push({ id: 'in', source: 'push2', sourceHandle: 'out', target: 'g0' });
    graph.edges.push(...chain.map((id, i) => ({ id: `c${i}`, source: id, sourceHandle: 'out', target: chain[(i + 1) % chain.length]! })));
    const [problem] = validateGraph(graph, registry).problems;
    expect(problem).toMatchObject({ code: 'cycle_without_wait', nodeId: 'g0' });
    expect(problem?.message.en).toMatch(/g7 → … \(20 nodes\)/);
  });
});

describe('graph size limits', () => {
  /** An entry and `count - 1` tags in a chain. */
  function chain(count: number): JourneyGraphInput {
    const nodes = Array.from({ length: count }, (_, i) =>
      i === 0 ? { id: 'n0', type: 'entry', position: at, config: {} } : { id: `n${i}`, type: 'tag', position: at, config: { add: ['a'] } },
    );
    return { nodes, edges: nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: `n${i}`, sourceHandle: 'out', target: n.id })) };
  }
  /** Two nodes and `count` edges between them: the shape that took 21 s when edges were copied per edge. */
  function denseEdges(count: number): JourneyGraphInput {
    return {
      nodes: [
        { id: 'a', type: 'entry', position: at, config: {} },
        { id: 'b', type: 'tag', position: at, config: { add: ['x'] } },
      ],
      edges: Array.from({ length: count }, (_, i) => ({ id: `e${i}`, source: 'a', sourceHandle: 'out', target: 'b' })),
    };
  }

  it('refuses more nodes or edges than the limits, naming the list, before any other check', () => {
    expect(validateGraph(chain(GRAPH_LIMITS.nodes + 1), registry).problems).toEqual([
      expect.objectContaining({ code: 'graph_too_large', path: ['nodes'] }),
    ]);
    const [problem, ...others] = validateGraph(denseEdges(20_000), registry).problems;
    expect(others).toEqual([]);
    expect(problem).toMatchObject({ code: 'graph_too_large', path: ['edges'] });
    expect(problem?.message['zh-CN']).toContain(String(GRAPH_LIMITS.edges));
  });

  it('refuses a node config over its byte limit, and all configs together over theirs', () => {
    const graph = chain(3);
    graph.nodes[1]!.config = { add: ['x'.repeat(GRAPH_LIMITS.nodeConfigBytes)] };
    expect(validateGraph(graph, registry).problems).toEqual([
      expect.objectContaining({ code: 'graph_too_large', nodeId: 'n1', path: ['nodes', 1, 'config'] }),
    ]);
    // Chinese text counts three bytes a character, as it travels.
    const big = chain(40);
    for (const node of big.nodes.slice(1)) node.config = { add: ['标'.repeat(10_000)] };
    expect(validateGraph(big, registry).problems).toEqual([expect.objectContaining({ code: 'graph_too_large', path: ['nodes'] })]);
  });

  it('holds the limits in the graph schema too, so a draft over them cannot be saved', () => {
    const issues = journeyGraphSchema.safeParse(denseEdges(GRAPH_LIMITS.edges + 1)).error?.issues;
    expect(issues).toEqual([expect.objectContaining({ code: 'too_big', path: ['edges'], maximum: GRAPH_LIMITS.edges })]);
    const graph = chain(2);
    graph.nodes[1]!.config = { add: ['x'.repeat(GRAPH_LIMITS.nodeConfigBytes)] };
    expect(journeyGraphSchema.safeParse(graph).error?.issues).toEqual([expect.objectContaining({ path: ['nodes', 1, 'config'] })]);
  });

  // Linear time is what keeps a request from freezing the server: the quadratic version took 2.2 s for
  // the 10,000 edges and about 9 s for 20,000. The bound is twenty times what linear takes here.
  it('validates the largest graphs the limits allow in well under a second', () => {
    for (const graph of [denseEdges(GRAPH_LIMITS.edges), chain(GRAPH_LIMITS.nodes)]) {
      const started = performance.now();
      validateGraph(graph, registry);
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });
});

describe('validation warnings', () => {
  it('warns of a branch left unconnected, by the port\'s title, without blocking', () => {
    const graph = {
      nodes: [
        { id: 'e', type: 'entry', position: { x: 0, y: 0 } },
        { id: 'c', type: 'condition', position: { x: 0, y: 0 }, config: { rules: [{ kind: 'tag', tag: 'vip' }] } },
        { id: 't', type: 'tag', position: { x: 0, y: 0 }, config: { add: ['x'] } },
      ],
      edges: [
        { id: 'e1', source: 'e', target: 'c' },
        { id: 'e2', source: 'c', sourceHandle: 'yes', target: 't' },
      ],
    };
    const { valid, problems } = validateGraph(graph, registry);
    expect(valid).toBe(true);
    expect(problems).toEqual([
      { code: 'unconnected_port', severity: 'warning', nodeId: 'c', path: ['nodes', 1], message: { 'zh-CN': '出口「否」没有连线：从这里离开的联系人会在此结束旅程', en: 'The "No" output is not connected: contacts who leave by it end the journey here' } },
    ]);
  });
});
