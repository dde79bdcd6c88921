import { describe, expect, it } from 'vitest';
import { runNode } from '../../testing.ts';
import { tagExecutor } from './tag.execute.ts';

describe('tag executor', () => {
  it('adds and removes tags through one effect', async () => {
    expect(await runNode(tagExecutor, { config: { add: ['vip'], remove: ['lead'] } })).toEqual({
      type: 'next',
      port: 'out',
      effects: [{ kind: 'tags', add: ['vip'], remove: ['lead'] }],
    });
  });

  it('fills the missing list with its default', async () => {
    const outcome = await runNode(tagExecutor, { config: { remove: ['lead'] } });
    expect(outcome.effects).toEqual([{ kind: 'tags', add: [], remove: ['lead'] }]);
  });
});
