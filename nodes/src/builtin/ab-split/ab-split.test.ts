import { describe, expect, it } from 'vitest';
import { chainGraph, runJourney, runNode } from '../../testing.ts';
import { abSplitExecutor } from './ab-split.execute.ts';

const variants = [
  { key: 'a', weight: 70 },
  { key: 'b', weight: 20 },
  { key: 'c', weight: 10 },
];

async function portFor(contactId: string, nodeId = 'split', config: { variants: typeof variants } = { variants }) {
  const outcome = await runNode(abSplitExecutor, { config, node: { id: nodeId }, contact: { id: contactId } });
  if (outcome.type !== 'next') throw new Error(`expected next, got ${outcome.type}`);
  return outcome.port;
}

describe('ab_split executor', () => {
  it('splits 10,000 contacts close to the weights', async () => {
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 10_000; i++) counts[await portFor(`c${i}`)]!++;
    // Binomial standard deviation is under 50 for every variant; 3% is over 6 of them.
    expect(Math.abs(counts.a! - 7000)).toBeLessThan(300);
    expect(Math.abs(counts.b! - 2000)).toBeLessThan(300);
    expect(Math.abs(counts.c! - 1000)).toBeLessThan(300);
  });

  it('gives a contact the same branch every time at a node, and an independent one at another node', async () => {
    const first = await Promise.all(Array.from({ length: 200 }, (_, i) => portFor(`c${i}`)));
    const again = await Promise.all(Array.from({ length: 200 }, (_, i) => portFor(`c${i}`)));
    const elsewhere = await Promise.all(Array.from({ length: 200 }, (_, i) => portFor(`c${i}`, 'other_split')));
    expect(again).toEqual(first);
    expect(elsewhere).not.toEqual(first);
  });

  it('never takes a variant of weight 0', async () => {
    const config = { variants: [{ key: 'a', weight: 0 }, { key: 'b', weight: 1 }, { key: 'c', weight: 0 }] };
    const ports = new Set(await Promise.all(Array.from({ length: 300 }, (_, i) => portFor(`c${i}`, 'split', config))));
    expect([...ports]).toEqual(['b']);
  });
});

describe('ab_split in a journey', () => {
  it('sends each contact down its variant, the same one when the contact comes back', async () => {
    const graph = chainGraph(
      [
        { id: 'entry', type: 'entry', config: { reentry: 'always' } },
        { id: 'split', type: 'ab_split', config: { variants }, port: 'a' },
        { id: 'a', type: 'tag', config: { add: ['a'] } },
      ],
      [
        ['split', 'b', 'b'],
        ['split', 'c', 'c'],
      ],
    );
    graph.nodes.push(...['b', 'c'].map((key) => ({ id: key, type: 'tag', position: { x: 0, y: 0 }, config: { add: [key] } })));
    const contacts = Array.from({ length: 30 }, (_, i) => `c${i}`);
    const events = [...contacts, ...contacts].map((contactId) => ({ contactId, type: 'contact.acquired' }));
    const result = await runJourney(graph, { events });
    for (const contactId of contacts) {
      const [first, second] = result.runs.filter((r) => r.contactId === contactId);
      expect(first!.path[2]).toBe(await portFor(contactId));
      expect(second!.path).toEqual(first!.path);
      expect(result.contacts[contactId]!.tags).toEqual([first!.path[2]]);
    }
  });
});
