import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../runtime-contract.ts';
import { WorkLoop, type PassResult } from './work-loop.ts';

const logger = pino({ level: 'silent' });
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A loop whose pass takes every queued item at once and records how many it took. */
function queueLoop(options: { settleMs?: number } = {}) {
  const queue: number[] = [];
  const passes: number[] = [];
  const loop = new WorkLoop({
    name: 'test',
    clock: systemClock,
    logger,
    maxSleepMs: 10_000,
    ...options,
    pass: async (): Promise<PassResult> => {
      if (queue.length > 0) passes.push(queue.splice(0).length);
      return { more: false };
    },
  });
  return { queue, passes, loop };
}

describe('WorkLoop', () => {
  it('runs a pass soon after a kick, not in the kicking call', async () => {
    const { queue, passes, loop } = queueLoop();
    loop.start();
    await tick(5);
    queue.push(1);
    loop.kick();
    expect(passes).toEqual([]);
    await tick(5);
    expect(passes).toEqual([1]);
    await loop.stop();
  });

  it('with settleMs, takes work kicked close together in one pass', async () => {
    const { queue, passes, loop } = queueLoop({ settleMs: 30 });
    loop.start();
    await tick(5);
    for (let i = 0; i < 5; i++) {
      queue.push(i);
      loop.kick();
      await tick(2);
    }
    await tick(60);
    expect(passes).toEqual([5]);
    await loop.stop();
  });

  it('without settleMs, takes each kick in its own pass', async () => {
    const { queue, passes, loop } = queueLoop();
    loop.start();
    await tick(5);
    for (let i = 0; i < 3; i++) {
      queue.push(i);
      loop.kick();
      await tick(10);
    }
    expect(passes).toEqual([1, 1, 1]);
    await loop.stop();
  });

  it('stops promptly even while settling', async () => {
    const { loop } = queueLoop({ settleMs: 5_000 });
    loop.start();
    await tick(5);
    loop.kick();
    await tick(5);
    const started = Date.now();
    await loop.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
