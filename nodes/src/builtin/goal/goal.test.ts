import { describe, expect, it } from 'vitest';
import { runNode } from '../../testing.ts';
import { goalExecutor } from './goal.execute.ts';

describe('goal executor', () => {
  it('records the goal and continues', async () => {
    expect(await runNode(goalExecutor, { config: { name: '首单' } })).toEqual({
      type: 'next',
      port: 'out',
      effects: [{ kind: 'goal', name: '首单' }],
    });
  });
});
