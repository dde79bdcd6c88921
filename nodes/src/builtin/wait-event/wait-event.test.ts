import { describe, expect, it } from 'vitest';
import { chainGraph, runJourney, runNode } from '../../testing.ts';
import { waitEventExecutor } from './wait-event.execute.ts';

const now = Date.parse('2026-01-01T00:00:00Z');
const event = { id: 'evt_1', type: 'order.paid', properties: { sku: 'A' }, timestamp: now };

describe('wait_event executor', () => {
  it('parks until the event or the timeout, with the property match', async () => {
    const outcome = await runNode(waitEventExecutor, { config: { event: 'order.paid', match: { sku: 'A' }, timeout: { hours: 2 } }, now });
    expect(outcome).toEqual({ type: 'wait', until: now + 2 * 3_600_000, event: { type: 'order.paid', match: { sku: 'A' } } });
  });

  it('waits for any properties when no match is set', async () => {
    const outcome = await runNode(waitEventExecutor, { config: { event: 'order.paid' }, now });
    expect(outcome).toEqual({ type: 'wait', until: now + 86_400_000, event: { type: 'order.paid' } });
  });

  it('leaves by matched when the event resumes it, by timeout when the timer does', async () => {
    const config = { event: 'order.paid' };
    expect(await runNode(waitEventExecutor, { config, resume: { reason: 'event', event } })).toEqual({ type: 'next', port: 'matched' });
    expect(await runNode(waitEventExecutor, { config, resume: { reason: 'timer' } })).toEqual({ type: 'next', port: 'timeout' });
  });
});

describe('wait_event in a journey', () => {
  const graph = chainGraph(
    [
      { id: 'entry', type: 'entry' },
      { id: 'paid', type: 'wait_event', config: { event: 'order.paid', match: { sku: 'A' }, timeout: { hours: 2 } }, port: 'matched' },
      { id: 'thanks', type: 'tag', config: { add: ['buyer'] } },
    ],
    [['paid', 'timeout', 'nudge']],
  );
  graph.nodes.push({ id: 'nudge', type: 'tag', position: { x: 0, y: 0 }, config: { add: ['nudge'] } });
  const acquired = { contactId: 'c1', type: 'contact.acquired' };

  it('leaves by matched on a matching event before the timeout', async () => {
    const result = await runJourney(graph, {
      events: [acquired, { contactId: 'c1', type: 'order.paid', properties: { sku: 'B' }, at: now + 60_000 }, { contactId: 'c1', type: 'order.paid', properties: { sku: 'A' }, at: now + 120_000 }],
    });
    expect(result.runOf('c1')).toMatchObject({ status: 'completed', path: ['entry', 'paid', 'thanks'], endedAt: now + 120_000 });
  });

  it('leaves by timeout when the event comes too late', async () => {
    const result = await runJourney(graph, { events: [acquired, { contactId: 'c1', type: 'order.paid', properties: { sku: 'A' }, at: now + 3 * 3_600_000 }] });
    expect(result.runOf('c1')).toMatchObject({ status: 'completed', path: ['entry', 'paid', 'nudge'], endedAt: now + 2 * 3_600_000 });
  });
});
