import { describe, expect, it } from 'vitest';
import { LoopTurns } from './loop-turns.ts';

/** Counts event-loop iterations: an immediate queued from an immediate runs one iteration later. */
function iterationCounter() {
  const counter = { value: 0, running: true };
  const tick = () => {
    counter.value++;
    if (counter.running) setImmediate(tick);
  };
  setImmediate(tick);
  return counter;
}

describe('LoopTurns', () => {
  it('gives each waiter its own event-loop iteration, in the order they asked', async () => {
    const turns = new LoopTurns();
    const counter = iterationCounter();
    const seen: { who: string; iteration: number }[] = [];
    await Promise.all(
      ['driver', 'events', 'segments'].map(async (who) => {
        await turns.next();
        seen.push({ who, iteration: counter.value });
      }),
    );
    counter.running = false;
    expect(seen.map((s) => s.who)).toEqual(['driver', 'events', 'segments']);
    expect(new Set(seen.map((s) => s.iteration)).size).toBe(3);
  });

  it('lets a waiter ask again and still take turns with the others', async () => {
    const turns = new LoopTurns();
    const order: string[] = [];
    const worker = async (who: string) => {
      for (let i = 0; i < 3; i++) {
        await turns.next();
        order.push(who);
      }
    };
    await Promise.all([worker('a'), worker('b')]);
    expect(order).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
  });

  it('keeps handing out turns to a waiter that comes back after a pause', async () => {
    const turns = new LoopTurns();
    for (let i = 0; i < 3; i++) {
      await turns.next();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const alone = await Promise.race([turns.next().then(() => 'turn'), new Promise((resolve) => setTimeout(() => resolve('stuck'), 100))]);
    expect(alone).toBe('turn');
  });
});
