import { builtinSpecs, describeNodeType, type JourneyGraphInput } from '@journey/nodes';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Journey } from '../api/client.ts';
import { parseClipboard } from './graph-edits.ts';
import { currentGraph, useEditorStore } from './store.ts';

const graph: JourneyGraphInput = {
  nodes: [
    { id: 'n1', type: 'entry', position: { x: 0, y: 0 } },
    { id: 'n2', type: 'tag', position: { x: 300, y: 0 }, config: { add: ['vip'] } },
    { id: 'n3', type: 'goal', position: { x: 600, y: 0 }, config: { name: 'paid' } },
  ],
  edges: [
    { id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' },
    { id: 'e2', source: 'n2', sourceHandle: 'out', target: 'n3' },
  ],
};
const journey = { id: 'j1', name: 'J', status: 'draft', graph, settings: {}, publishedVersion: null, revision: 1 } as unknown as Journey;
const store = () => useEditorStore.getState();
const ids = () => store().nodes.map((n) => n.id);
const edgeEnds = () => store().edges.map((e) => `${e.source}:${e.sourceHandle}>${e.target}`);

beforeEach(() => store().load(journey, builtinSpecs.map(describeNodeType)));

describe('undo and redo', () => {
  it('step back and forth through edits, and a new edit drops the redo list', () => {
    store().addNode('wait', { x: 0, y: 200 }, 'zh-CN');
    store().removeNode('n2');
    expect(ids()).toEqual(['n1', 'n3', 'n4']);
    store().undo();
    expect(ids()).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(edgeEnds()).toEqual(['n1:out>n2', 'n2:out>n3']);
    store().undo();
    expect(ids()).toEqual(['n1', 'n2', 'n3']);
    store().undo();
    expect(ids()).toEqual(['n1', 'n2', 'n3']);
    store().redo();
    expect(ids()).toEqual(['n1', 'n2', 'n3', 'n4']);
    store().updateNode('n1', { label: 'x' });
    expect(store().future).toEqual([]);
  });

  it('takes back a run of typing in one field as one step', () => {
    for (const text of ['v', 'vi', 'vip2']) store().updateNode('n2', { config: { add: [text] } });
    store().updateNode('n3', { config: { name: 'x' } });
    store().undo();
    store().undo();
    expect(currentGraph().nodes[1]!.config).toEqual({ add: ['vip'] });
  });

  it('records a drag once, when it starts', () => {
    store().onNodesChange([{ type: 'position', id: 'n3', position: { x: 610, y: 0 }, dragging: true }]);
    store().onNodesChange([{ type: 'position', id: 'n3', position: { x: 700, y: 50 }, dragging: true }]);
    store().onNodesChange([{ type: 'position', id: 'n3', dragging: false }]);
    store().undo();
    expect(store().nodes[2]!.position).toEqual({ x: 600, y: 0 });
    expect(store().past).toEqual([]);
  });

  it('does not count selection as an edit', () => {
    store().select('n2');
    store().onNodesChange([{ type: 'select', id: 'n3', selected: true }]);
    expect(store().past).toEqual([]);
    expect(store().dirty).toBe(false);
  });
});

describe('selection edits', () => {
  it('deletes selected nodes with their edges (reconnecting what they stood between), and selected edges', () => {
    store().select('n2');
    store().deleteSelection();
    expect(ids()).toEqual(['n1', 'n3']);
    expect(edgeEnds()).toEqual(['n1:out>n3']);
    useEditorStore.setState((s) => ({ edges: s.edges.map((e) => ({ ...e, selected: true })) }));
    store().deleteSelection();
    expect(store().edges).toEqual([]);
  });

  it('copies the selection with its inner edges and pastes it under new ids', () => {
    store().onNodesChange([
      { type: 'select', id: 'n2', selected: true },
      { type: 'select', id: 'n3', selected: true },
    ]);
    const payload = parseClipboard(JSON.stringify(store().copy()))!;
    expect(payload.nodes.map((n) => n.id)).toEqual(['n2', 'n3']);
    expect(payload.edges.map((e) => e.id)).toEqual(['e2']);
    store().paste(payload, { x: 40, y: 40 });
    expect(ids()).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
    expect(edgeEnds().at(-1)).toBe('n4:out>n5');
    expect(store().nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(['n4', 'n5']);
    expect(store().nodes[3]!.position).toEqual({ x: 340, y: 40 });
    store().undo();
    expect(ids()).toEqual(['n1', 'n2', 'n3']);
  });
});

describe('insertIntoEdge', () => {
  it('re-wires both sides through the dropped node', () => {
    const id = store().addNode('wait', { x: 150, y: 0 }, 'en')!;
    expect(store().insertIntoEdge('e1', id)).toBe(true);
    expect(edgeEnds()).toEqual([`n1:out>${id}`, 'n2:out>n3', `${id}:out>n2`]);
    store().undo();
    expect(edgeEnds()).toEqual(['n1:out>n2', 'n2:out>n3']);
  });

  it('refuses entries, connected nodes and nodes without an output port', () => {
    const entry = store().addNode('entry', { x: 0, y: 0 }, 'en')!;
    expect(store().insertIntoEdge('e1', entry)).toBe(false);
    expect(store().insertIntoEdge('e1', 'n3')).toBe(false);
    const exit = store().addNode('exit', { x: 0, y: 0 }, 'en')!;
    expect(store().insertIntoEdge('e1', exit)).toBe(false);
    expect(edgeEnds()).toEqual(['n1:out>n2', 'n2:out>n3']);
  });
});

describe('saved', () => {
  it('stays unsaved when the canvas changed after the save began', () => {
    store().setName('A');
    const atEdits = store().edits;
    store().setName('AB');
    store().saved(journey, atEdits);
    expect(store().dirty).toBe(true);
    store().saved(journey, store().edits);
    expect(store().dirty).toBe(false);
  });
});

describe('addNodeAfter', () => {
  it("adds a node under a free port, connected, and selects it", () => {
    const id = store().addNodeAfter('n3', 'out', 'exit', 'zh-CN')!;
    expect(edgeEnds()).toContain(`n3:out>${id}`);
    expect(store().selectedNodeId).toBe(id);
    const [goal, exit] = [store().nodes.find((n) => n.id === 'n3')!, store().nodes.find((n) => n.id === id)!];
    expect(exit.position.y).toBeGreaterThan(goal.position.y + goal.height!);
    expect(exit.position.x + exit.width! / 2).toBe(goal.position.x + goal.width! / 2);
    store().undo();
    expect(ids()).toEqual(['n1', 'n2', 'n3']);
  });

  it('puts the node between the ends of a used port and moves what follows down', () => {
    const goalY = store().nodes.find((n) => n.id === 'n3')!.position.y;
    const id = store().addNodeAfter('n1', 'out', 'wait', 'zh-CN')!;
    expect(edgeEnds()).toEqual([`n1:out>${id}`, 'n2:out>n3', `${id}:out>n2`]);
    expect(store().nodes.find((n) => n.id === 'n3')!.position.y).toBeGreaterThan(goalY);
  });

  it('lands at a given point (a connection dropped in empty space); refuses an entry or a port the node lacks', () => {
    const id = store().addNodeAfter('n3', 'out', 'tag', 'zh-CN', { x: 1000, y: 500 })!;
    expect(store().nodes.find((n) => n.id === id)!.position).toEqual({ x: 890, y: 500 });
    expect(store().addNodeAfter('n2', 'out', 'entry', 'zh-CN')).toBeNull();
    expect(store().addNodeAfter('n2', 'yes', 'tag', 'zh-CN')).toBeNull();
  });

  it("is where click-to-add goes: the selected node's first free port", () => {
    expect(store().freePortOfSelection()).toBeNull();
    store().select('n2');
    expect(store().freePortOfSelection()).toBeNull();
    store().select('n3');
    expect(store().freePortOfSelection()).toEqual({ nodeId: 'n3', port: 'out' });
  });
});

describe('deleting a node between two others', () => {
  it('reconnects them, and undo brings the node and its edges back', () => {
    store().removeNode('n2');
    expect(edgeEnds()).toEqual(['n1:out>n3']);
    store().undo();
    expect(edgeEnds()).toEqual(['n1:out>n2', 'n2:out>n3']);
  });

  it('bridges a chain of selected nodes end to end, and does not bridge a node with several ways on', () => {
    const wait = store().addNodeAfter('n2', 'out', 'wait', 'zh-CN')!;
    store().select('n2');
    useEditorStore.setState((s) => ({ nodes: s.nodes.map((n) => ({ ...n, selected: n.id === 'n2' || n.id === wait })) }));
    store().deleteSelection();
    expect(edgeEnds()).toEqual(['n1:out>n3']);
    const condition = store().addNodeAfter('n1', 'out', 'condition', 'zh-CN')!;
    store().addNodeAfter(condition, 'no', 'exit', 'zh-CN');
    store().removeNode(condition);
    expect(edgeEnds()).toEqual([]);
  });
});

describe('a branch added beside another', () => {
  it('lands to the right of the cards already there, not on them', () => {
    const condition = store().addNodeAfter('n3', 'out', 'condition', 'zh-CN')!;
    const yes = store().addNodeAfter(condition, 'yes', 'tag', 'zh-CN')!;
    const under = store().addNodeAfter(yes, 'out', 'wait', 'zh-CN')!;
    const no = store().addNodeAfter(condition, 'no', 'offer', 'zh-CN')!;
    const next = store().addNodeAfter(no, 'out', 'goal', 'zh-CN')!;
    const box = (id: string) => store().nodes.find((n) => n.id === id)!;
    expect(box(no).position.y).toBe(box(yes).position.y);
    expect(box(no).position.x).toBeGreaterThanOrEqual(box(yes).position.x + box(yes).width!);
    expect(box(next).position.y).toBe(box(under).position.y);
    expect(box(next).position.x).toBeGreaterThanOrEqual(box(under).position.x + box(under).width!);
  });
});

describe('problems on the canvas', () => {
  it('index each node\'s problems errors first, warnings marked, so a card with only warnings reads apart', () => {
    const message = (text: string) => ({ 'zh-CN': text, en: text });
    store().setProblems([
      { code: 'channel_not_connected', severity: 'warning', nodeId: 'n2', path: [], message: message('not connected') },
      { code: 'invalid_config', nodeId: 'n2', path: [], message: message('fill in') },
      { code: 'unconnected_port', severity: 'warning', nodeId: 'n3', path: [], message: message('open port') },
    ]);
    expect(store().problemsByNode).toEqual({
      n2: [{ message: message('fill in'), warning: false }, { message: message('not connected'), warning: true }],
      n3: [{ message: message('open port'), warning: true }],
    });
  });
});
