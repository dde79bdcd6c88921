import { describe, expect, it } from 'vitest';
import { errorSummary } from './error-summary.ts';

describe('errorSummary', () => {
  it('keeps the message and drops the stack', () => {
    expect(errorSummary('Error: refused 127.0.0.1\n    at call (webhook.ts:10:3)\n    at run')).toBe('Error: refused 127.0.0.1');
  });

  it('cuts a very long message', () => {
    const summary = errorSummary('x'.repeat(400));
    expect(summary).toHaveLength(301);
    expect(summary.endsWith('…')).toBe(true);
  });
});
