import { describe, expect, it } from 'vitest';
import { executeForTest } from '../../core/execute-context.ts';
import { abSplitExecutor } from './ab-split.execute.ts';

const variants = [
  { key: 'a', weight: 70 },
  { key: 'b', weight: 20 },
  { key: 'c', weight: 10 },
];

async function portFor(contactId: string, nodeId = 'split', config: { variants: typeof variants } = { variants }) {
  const outcome = await executeForTest(abSplitExecutor, config, {
    node: { id: nodeId, type: 'ab_split' },
    contact: { id: contactId, name: null, attributes: {}, tags: [] },
  });
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
