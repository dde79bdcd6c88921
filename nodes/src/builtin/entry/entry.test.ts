import { describe, expect, it } from 'vitest';
import { chainGraph, HARNESS_START, runJourney, runNode } from '../../testing.ts';
import { entryExecutor } from './entry.execute.ts';

describe('entry executor', () => {
  it('leaves by out', async () => {
    expect(await runNode(entryExecutor, { config: { sources: ['douyin_live'] } })).toEqual({ type: 'next', port: 'out' });
  });

  it('names the event it entered on and its source', async () => {
    const event = { id: 'evt_1', type: 'contact.acquired', properties: { source: 'douyin_live' }, timestamp: HARNESS_START };
    expect(await runNode(entryExecutor, { config: {}, event })).toEqual({ type: 'next', port: 'out', detail: { event: 'contact.acquired', source: 'douyin_live' } });
  });
});

describe('entry in a journey', () => {
  const journey = (reentry: string) =>
    chainGraph([
      { id: 'entry', type: 'entry', config: { event: 'order.paid', sources: ['douyin_live', 'qr_code'], reentry } },
      { id: 'wait', type: 'wait', config: { duration: { hours: 1 } } },
    ]);
  const paid = (source: string, minutes: number) => ({ contactId: 'c1', type: 'order.paid', properties: { source }, at: HARNESS_START + minutes * 60_000 });
  // paid at 0 and 30 min (while the first run waits), at 90 min (after it ended), and once from an unlisted source
  const events = [paid('douyin_live', 0), paid('qr_code', 30), paid('sem', 60), paid('douyin_live', 90)];

  it('enrols on its event from a listed source, under each re-entry rule', async () => {
    const starts = async (reentry: string) => (await runJourney(journey(reentry), { events })).runs.map((r) => (r.steps[0]!.startedAt - HARNESS_START) / 60_000);
    expect(await starts('once')).toEqual([0]);
    expect(await starts('after_exit')).toEqual([0, 90]);
    expect(await starts('always')).toEqual([0, 30, 90]);
  });
});
