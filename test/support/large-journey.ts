/** Columns of the grid the large journey is laid out in. */
const COLUMNS = 25;

/**
 * A valid journey of `count` nodes for load tests of the editor: an entry, then a chain of tags,
 * pushes, waits and goals, laid out left to right in rows of 25. The editor benchmark opens it with
 * 1,000 nodes, and so does the e2e test that looks at it zoomed out and close up.
 *
 * @example
 * ```ts
 * const graph = largeJourneyGraph(1000); // 1,000 nodes, 999 edges n1 → n2 → … → n1000
 * ```
 */
export function largeJourneyGraph(count: number) {
  const kinds = [
    (i: number) => ({ type: 'tag', config: { add: [`标签${i}`] } }),
    (i: number) => ({ type: 'content_push', config: { channel: 'wecom_private', template: `第 ${i} 条：{{contact.name}} 你好` } }),
    () => ({ type: 'wait', config: { mode: 'duration', duration: { days: 1, hours: 0, minutes: 0, seconds: 0 } } }),
    (i: number) => ({ type: 'goal', config: { name: `目标${i}` } }),
  ];
  const nodes = Array.from({ length: count }, (_, i) => ({
    id: `n${i + 1}`,
    label: `节点 ${i + 1}`,
    position: { x: (i % COLUMNS) * 300, y: Math.floor(i / COLUMNS) * 200 },
    ...(i === 0 ? { type: 'entry', config: { sources: ['douyin_live'] } } : kinds[i % kinds.length]!(i)),
  }));
  const edges = nodes.slice(1).map((node, i) => ({ id: `e${i + 1}`, source: `n${i + 1}`, sourceHandle: 'out', target: node.id }));
  return { version: 1, nodes, edges };
}
