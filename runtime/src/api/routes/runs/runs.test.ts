import type { RunRecord, StoredStep } from '@journey/db';
import { tableRows } from '@journey/db/testing';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test-support.ts';

/** entry → webhook to a loopback address (refused: no host is allowed) → content_push. */
const graph = {
  nodes: [
    { id: 'entry', type: 'entry', position: { x: 0, y: 0 }, config: {} },
    { id: 'hook', type: 'webhook', position: { x: 200, y: 0 }, config: { url: 'http://127.0.0.1:9/crm' } },
    { id: 'push', type: 'content_push', position: { x: 400, y: 0 }, config: { template: '欢迎' } },
  ],
  edges: [
    { id: 'e1', source: 'entry', sourceHandle: 'out', target: 'hook' },
    { id: 'e2', source: 'hook', sourceHandle: 'out', target: 'push' },
  ],
};

/** A live journey whose runs fail at `hook` after its last attempt; returns the failed run ids. */
async function failedRuns(t: Awaited<ReturnType<typeof createTestApp>>, contacts: string[]) {
  const { id } = (await t.call('POST', '/api/journeys', { name: 'CRM 同步', graph })).body;
  expect((await t.call('POST', `/api/journeys/${id}/publish`)).status).toBe(200);
  t.runtime.start();
  await t.runtime.enroll(id, contacts);
  for (let attempt = 0; attempt < 5; attempt++) {
    await t.runtime.idle();
    t.clock.advance(3_600_000);
    t.runtime.kick();
  }
  await t.runtime.idle();
  const rows = await tableRows<RunRecord>(t.store, 'runs');
  expect(rows.map((r) => r.status)).toEqual(contacts.map(() => 'failed'));
  return rows.map((r) => r.id);
}

describe('runs routes', () => {
  it('shows a failed run with its error after the last attempt', async () => {
    const t = await createTestApp();
    const [runId] = await failedRuns(t, ['c1']);
    const res = await t.call('GET', `/api/runs/${runId}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: runId,
      version: 1,
      contactId: 'c1',
      status: 'failed',
      nodeId: 'hook',
      wakeAt: null,
      attempts: 5,
      error: '127.0.0.1 resolves to 127.0.0.1, a private or local address; an admin must allow this host',
    });
    expect(Object.keys(res.body)).toEqual(expect.arrayContaining(['journeyId', 'createdAt', 'updatedAt']));
    const errors = (await tableRows<StoredStep>(t.store, 'steps')).filter((s) => s.runId === runId).filter((s) => s.outcome === 'error');
    expect(errors.map((s) => s.attempt)).toEqual([1, 2, 3, 4, 5]);
    expect((await t.call('GET', '/api/runs/run_missing')).status).toBe(404);
  });

  it('retries a failed run with fresh attempts, and skips one through the first port', async () => {
    const t = await createTestApp();
    const [first, second] = await failedRuns(t, ['c1', 'c2']);

    const retried = await t.call('POST', `/api/runs/${first}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: 'active', nodeId: 'hook', attempts: 0, error: null, wakeAt: null });
    await t.runtime.idle();
    expect((await t.call('GET', `/api/runs/${first}`)).body).toMatchObject({ status: 'waiting', attempts: 1 });

    const skipped = await t.call('POST', `/api/runs/${second}/skip`);
    expect(skipped.status).toBe(200);
    expect(skipped.body).toMatchObject({ status: 'active', nodeId: 'push', error: null });
    await t.runtime.idle();
    expect((await t.call('GET', `/api/runs/${second}`)).body).toMatchObject({ status: 'completed', nodeId: 'push' });
    const outcomes = (await tableRows<StoredStep>(t.store, 'steps')).filter((s) => s.runId === second).slice(-2);
    expect(outcomes.map((s) => [s.nodeId, s.outcome, s.port])).toEqual([['hook', 'skipped', 'out'], ['push', 'next', 'out']]);

    const again = await t.call('POST', `/api/runs/${second}/skip`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('run_not_failed');
    expect((await t.call('POST', `/api/runs/${first}/retry`)).status).toBe(409);
    expect((await t.call('POST', '/api/runs/run_missing/retry')).status).toBe(404);
    expect((await t.call('POST', '/api/runs/run_missing/skip')).status).toBe(404);
  });

  it('lets operators and admins act on runs, and viewers only read them', async () => {
    const t = await createTestApp();
    const [runId] = await failedRuns(t, ['c1']);
    const keyOf = async (scope: string) => (await t.call('POST', '/api/api-keys', { name: scope, scope })).body.key as string;
    const viewer = { Authorization: `Bearer ${await keyOf('viewer')}` };
    const operator = { Authorization: `Bearer ${await keyOf('operator')}` };
    expect((await t.call('GET', `/api/runs/${runId}`, undefined, viewer)).status).toBe(200);
    expect((await t.call('POST', `/api/runs/${runId}/skip`, undefined, viewer)).status).toBe(403);
    expect((await t.call('POST', `/api/runs/${runId}/retry`, undefined, viewer)).status).toBe(403);
    expect((await t.call('POST', `/api/runs/${runId}/skip`, undefined, operator)).status).toBe(200);
    expect((await t.call('GET', `/api/runs/${runId}`, undefined, { Authorization: '' })).status).toBe(401);
  });
});
