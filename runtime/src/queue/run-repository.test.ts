import { messages, openStore, runs, steps, type Store } from '@journey/db';
import { ExecutorRegistry } from '@journey/nodes/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { advanceRun } from '../engine/advance-run.ts';
import { JourneyCache } from './journey-cache.ts';
import { chainGraph, insertLiveJourney } from './journey-fixtures.ts';
import { RunRepository } from './run-repository.ts';

const NOW = Date.UTC(2026, 0, 1);
let store: Store;

beforeEach(() => {
  store = openStore(':memory:');
  insertLiveJourney(store, {
    id: 'j1',
    graph: chainGraph([['entry', 'entry'], ['tag', 'tag', { add: ['vip'] }], ['push', 'content_push', { template: 'hi' }]]),
  });
  store.sqlite
    .prepare(`INSERT INTO runs (id, journey_id, version, contact_id, status, node_id, context, created_at, updated_at) VALUES ('r1', 'j1', 1, 'c1', 'active', 'entry', '{}', 0, 0)`)
    .run();
});
afterEach(() => store.close());

describe('RunRepository.commit', () => {
  it('applies a step once: a stale worker committing the same loaded state changes nothing', async () => {
    const repo = new RunRepository(store);
    const [run] = repo.dueRuns(NOW, 10);
    const journey = new JourneyCache(store, new ExecutorRegistry()).get('j1', 1);
    const result = await advanceRun({ journey, run: run!, contact: { id: 'c1', name: null, attributes: {}, tags: [] }, trigger: { kind: 'enter' }, now: NOW });

    expect(repo.commit([{ before: run!, result }], NOW)).toEqual({ applied: 1, messages: 1 });
    expect(repo.commit([{ before: run!, result }], NOW)).toEqual({ applied: 0, messages: 0 });

    expect(store.db.select().from(runs).get()).toMatchObject({ status: 'completed', stepSeq: 3 });
    expect(store.db.select().from(steps).all()).toHaveLength(3);
    expect(store.db.select().from(messages).all()).toMatchObject([{ idempotencyKey: 'r1:push:3', status: 'pending' }]);
    expect(repo.contacts(['c1']).get('c1')?.tags).toEqual(['vip']);
    expect(repo.dueRuns(NOW, 10)).toEqual([]);
  });

  it('never writes a second message for the same step, even from a second run state', async () => {
    const repo = new RunRepository(store);
    const [run] = repo.dueRuns(NOW, 10);
    const journey = new JourneyCache(store, new ExecutorRegistry()).get('j1', 1);
    const result = await advanceRun({ journey, run: run!, contact: { id: 'c1', name: null, attributes: {}, tags: [] }, trigger: { kind: 'enter' }, now: NOW });
    repo.commit([{ before: run!, result }], NOW);
    store.sqlite.prepare(`UPDATE runs SET status = 'active', step_seq = 0`).run();
    expect(repo.commit([{ before: run!, result }], NOW).messages).toBe(0);
  });
});
