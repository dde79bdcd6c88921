import { describe, expect, it } from 'vitest';
import { executeForTest } from '../../core/execute-context.ts';
import { entryExecutor } from './entry.execute.ts';

describe('entry executor', () => {
  it('leaves by out', async () => {
    expect(await executeForTest(entryExecutor, { sources: ['douyin_live'] })).toEqual({ type: 'next', port: 'out' });
  });
});
