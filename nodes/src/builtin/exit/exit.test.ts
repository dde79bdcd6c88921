import { describe, expect, it } from 'vitest';
import { executeForTest } from '../../core/execute-context.ts';
import { exitExecutor } from './exit.execute.ts';

describe('exit executor', () => {
  it('ends the run', async () => {
    expect(await executeForTest(exitExecutor, {})).toEqual({ type: 'end' });
  });
});
