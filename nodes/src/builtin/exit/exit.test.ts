import { describe, expect, it } from 'vitest';
import { runNode } from '../../testing.ts';
import { exitExecutor } from './exit.execute.ts';

describe('exit executor', () => {
  it('ends the run', async () => {
    expect(await runNode(exitExecutor, { config: {} })).toEqual({ type: 'end' });
  });
});
