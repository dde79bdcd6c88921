import { describe, expect, it } from 'vitest';
import { executeForTest } from '../../core/execute-context.ts';
import { waitEventExecutor } from './wait-event.execute.ts';

const now = Date.parse('2026-01-01T00:00:00Z');
const event = { id: 'evt_1', type: 'order.paid', properties: { sku: 'A' }, timestamp: now };

describe('wait_event executor', () => {
  it('parks until the event or the timeout, with the property match', async () => {
    const outcome = await executeForTest(waitEventExecutor, { event: 'order.paid', match: { sku: 'A' }, timeout: { hours: 2 } }, { now });
    expect(outcome).toEqual({ type: 'wait', until: now + 2 * 3_600_000, event: { type: 'order.paid', match: { sku: 'A' } } });
  });

  it('waits for any properties when no match is set', async () => {
    const outcome = await executeForTest(waitEventExecutor, { event: 'order.paid' }, { now });
    expect(outcome).toEqual({ type: 'wait', until: now + 86_400_000, event: { type: 'order.paid' } });
  });

  it('leaves by matched when the event resumes it, by timeout when the timer does', async () => {
    const config = { event: 'order.paid' };
    expect(await executeForTest(waitEventExecutor, config, { resume: { reason: 'event', event } })).toEqual({ type: 'next', port: 'matched' });
    expect(await executeForTest(waitEventExecutor, config, { resume: { reason: 'timer' } })).toEqual({ type: 'next', port: 'timeout' });
  });
});
