import { describe, expect, it } from 'vitest';
import { changedPaths, diffGraphs } from './graph-diff.ts';

const v1 = {
  nodes: [
    { id: 'n1', type: 'entry', position: { x: 0, y: 0 }, config: { sources: ['douyin_live'] } },
    { id: 'n2', type: 'content_push', label: '欢迎', position: { x: 0, y: 200 }, config: { channel: 'sms', template: '你好' } },
    { id: 'n3', type: 'goal', position: { x: 0, y: 400 }, config: { name: '首单' } },
  ],
  edges: [
    { id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' },
    { id: 'e2', source: 'n2', sourceHandle: 'out', target: 'n3' },
  ],
};

describe('diffGraphs', () => {
  it('lists nodes added, removed and changed, with the config fields and ports that differ', () => {
    const v2 = {
      nodes: [
        { ...v1.nodes[0]!, position: { x: 500, y: 500 } },
        { ...v1.nodes[1]!, label: '欢迎语', config: { channel: 'wecom_private', template: '你好' } },
        { id: 'n4', type: 'exit', position: { x: 0, y: 400 }, config: {} },
      ],
      edges: [
        { id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' },
        { id: 'e3', source: 'n2', sourceHandle: 'out', target: 'n4' },
      ],
    };
    const diff = diffGraphs(v1, v2);
    expect(diff.added.map((n) => n.id)).toEqual(['n4']);
    expect(diff.removed.map((n) => n.id)).toEqual(['n3']);
    // Moving the entry is no change; the push's channel, label and where it leads are.
    expect(diff.changed).toEqual([{ nodeId: 'n2', type: 'content_push', label: '欢迎语', fields: ['label', 'channel'], ports: ['out'] }]);
  });

  it('finds nothing between a graph and itself', () => {
    expect(diffGraphs(v1, structuredClone(v1))).toEqual({ added: [], removed: [], changed: [] });
  });
});

describe('changedPaths', () => {
  it('names nested fields and list items, and a list that grew as a whole', () => {
    expect(changedPaths({ rules: [{ tag: 'a' }], match: 'all' }, { rules: [{ tag: 'b' }], match: 'all' })).toEqual(['rules.0.tag']);
    expect(changedPaths({ add: ['a'] }, { add: ['a', 'b'] })).toEqual(['add']);
    expect(changedPaths({ x: 1 }, {})).toEqual(['x']);
  });
});
