import { openStore, type Store } from '@journey/db';
import { builtinExecutors, createWebhookExecutor, ExecutorRegistry } from '@journey/nodes/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventProcessor } from '../events/event-processor.ts';
import { chainGraph, insertLiveJourney } from './journey-fixtures.ts';
import { JourneyCache } from './journey-cache.ts';
import type { Logger } from './logger.ts';
import { RunStepper } from './run-stepper.ts';

const NOW = Date.UTC(2026, 0, 1);
const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };
let store: Store;

beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(() => store.close());

describe('RunStepper', () => {
  it('advances the runs of a batch side by side, so a slow call does not hold up the others', async () => {
    // Every call waits until all three have started: stepping one run after another never gets there.
    const started: (() => void)[] = [];
    const allStarted = new Promise<void>((resolve) => started.push(resolve));
    let calls = 0;
    const hook = createWebhookExecutor(async () => {
      if (++calls === 3) started[0]!();
      const gaveUp = new Promise((_, reject) => setTimeout(() => reject(new Error('ran alone')), 5000).unref());
      await Promise.race([allStarted, gaveUp]);
    });
    const executors = new ExecutorRegistry([...builtinExecutors, hook]);
    await insertLiveJourney(store, { id: 'j1', graph: chainGraph([['entry', 'entry'], ['h', 'webhook', { url: 'https://crm.example.com/x' }]]), now: NOW });
    const journeys = new JourneyCache(store, executors);
    const processor = new EventProcessor({ store, journeys, logger: quiet });
    await store.transaction((tx) => processor.enrollIn(tx, 'j1', ['c1', 'c2', 'c3'], NOW));
    const result = await new RunStepper({ store, journeys, logger: quiet }).step({ limit: 10 }, NOW);
    expect(result.applied).toBe(3);
    expect(result.commits.map((c) => c.result.run.status)).toEqual(['completed', 'completed', 'completed']);
  });
});
