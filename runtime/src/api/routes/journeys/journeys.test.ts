import { execute, tableRows } from '@journey/db/testing';
import { describe, expect, it } from 'vitest';
import { GRAPH_LIMITS } from '@journey/nodes';
import { createTestApp, skeletonGraph } from '../../test-support.ts';

async function createSkeleton(call: Awaited<ReturnType<typeof createTestApp>>['call']) {
  const res = await call('POST', '/api/journeys', { name: '抖音直播引流', graph: skeletonGraph() });
  expect(res.status).toBe(201);
  return res.body as { id: string; revision: number };
}

describe('journeys routes', () => {
  it('creates, reads, lists, updates and deletes a draft', async () => {
    const { call } = await createTestApp();
    const created = await createSkeleton(call);
    expect(created).toMatchObject({ name: '抖音直播引流', status: 'draft', publishedVersion: null, revision: 1 });
    expect((await call('GET', `/api/journeys/${created.id}`)).body.graph.nodes).toHaveLength(5);
    const list = await call('GET', '/api/journeys?limit=10');
    expect(list.body).toMatchObject({ items: [{ id: created.id }], nextCursor: null });

    const updated = await call('PUT', `/api/journeys/${created.id}`, { name: 'renamed', graph: skeletonGraph(5), settings: {}, revision: 1 });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'renamed', revision: 2, settings: { timezone: 'Asia/Shanghai' } });
    const stale = await call('PUT', `/api/journeys/${created.id}`, { name: 'lost', graph: skeletonGraph(), settings: {}, revision: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'revision_conflict', details: { revision: 2 } });

    expect((await call('DELETE', `/api/journeys/${created.id}`)).status).toBe(204);
    expect((await call('GET', `/api/journeys/${created.id}`)).status).toBe(404);
  });

  it('pages with an opaque cursor and refuses a forged one', async () => {
    const { call } = await createTestApp();
    for (const name of ['a', 'b', 'c']) await call('POST', '/api/journeys', { name });
    const first = await call('GET', '/api/journeys?limit=2');
    expect(first.body.items.map((j: { name: string }) => j.name)).toEqual(['c', 'b']);
    const second = await call('GET', `/api/journeys?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ items: [{ name: 'a' }], nextCursor: null });
    const forged = await call('GET', '/api/journeys?cursor=not-a-cursor');
    expect(forged.status).toBe(400);
    expect(forged.body.error.code).toBe('invalid_cursor');
    expect((await call('GET', '/api/journeys?limit=501')).status).toBe(400);
  });

  it('answers 400 with the zod path of a bad field, and for malformed JSON', async () => {
    const { call } = await createTestApp();
    const bad = await call('POST', '/api/journeys', { name: '', graph: { nodes: [{ id: 'n1' }], edges: [] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
    const paths = bad.body.error.details.map((d: { path: unknown[] }) => d.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['name', 'graph.nodes.0.type', 'graph.nodes.0.position']));
    const malformed = await call('POST', '/api/journeys', '{"name": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).not.toMatch(/at .*\.ts/);
  });

  it('refuses graphs over the size limits with the field at fault, storing nothing', async () => {
    const t = await createTestApp();
    const viewer = (await t.call('POST', '/api/api-keys', { name: 'viewer', scope: 'viewer' })).body.key;
    const graph = skeletonGraph();
    // 20,000 edges between two nodes fit in the 1 MiB body (the shape that once took 21 s to validate).
    const edges = Array.from({ length: 20_000 }, (_, i) => ({ id: `x${i}`, source: 'entry', target: 'tag' }));
    const validated = await t.call('POST', '/api/journeys/validate', { graph: { ...graph, edges } }, { Authorization: `Bearer ${viewer}` });
    expect(validated.status).toBe(422);
    expect(validated.body.error).toMatchObject({ code: 'graph_too_large', details: [{ code: 'graph_too_large', path: ['edges'] }] });

    const { id } = (await t.call('POST', '/api/journeys', { name: 'j', graph })).body;
    const before = await t.snapshot();
    const saved = await t.call('PUT', `/api/journeys/${id}`, { name: 'j', graph: { ...graph, edges }, settings: {} });
    expect(saved.status).toBe(400);
    expect(saved.body.error.details).toEqual([expect.objectContaining({ path: ['graph', 'edges'], code: 'too_big', maximum: GRAPH_LIMITS.edges })]);
    expect(await t.snapshot()).toEqual(before);
  });

  it('refuses unknown keys at every level of a draft, naming each one', async () => {
    const { call } = await createTestApp();
    const graph = skeletonGraph();
    Object.assign(graph.nodes[1]!, { selected: true });
    Object.assign(graph.nodes[2]!.position, { z: 1 });
    const res = await call('POST', '/api/journeys', { name: 'j', graph, settings: { quietHours: { start: '22:00', end: '08:00', tz: 'UTC' } } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: unknown[] }) => d.path)).toEqual([
      ['graph', 'nodes', 1, 'selected'],
      ['graph', 'nodes', 2, 'position', 'z'],
      ['settings', 'quietHours', 'tz'],
    ]);
  });

  it('answers 401 without credentials and 404 for an unknown journey', async () => {
    const { call } = await createTestApp();
    const anonymous = await call('GET', '/api/journeys', undefined, { Authorization: '' });
    expect(anonymous.status).toBe(401);
    expect((await call('GET', '/api/journeys', undefined, { Authorization: 'Bearer wrong' })).status).toBe(401);
    const missing = await call('POST', '/api/journeys/jrn_nope/publish');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });

  it('validates a graph and lists all its problems', async () => {
    const { call } = await createTestApp();
    // Its pushes go through the recording adapter only: publishable, with a warning each.
    const sound = (await call('POST', '/api/journeys/validate', { graph: skeletonGraph() })).body;
    expect(sound.valid).toBe(true);
    expect(sound.problems.map((p: { code: string; nodeId: string; severity: string }) => `${p.severity}:${p.code}:${p.nodeId}`)).toEqual([
      'warning:channel_not_connected:push1',
      'warning:channel_not_connected:push2',
    ]);
    const graph = skeletonGraph();
    graph.nodes[1]!.config = { add: [] };
    graph.edges.pop();
    const res = await call('POST', '/api/journeys/validate', { graph });
    expect(res.body.valid).toBe(false);
    expect(res.body.problems.map((p: { code: string; nodeId: string }) => `${p.code}:${p.nodeId}`).sort()).toEqual([
      'channel_not_connected:push1',
      'channel_not_connected:push2',
      'invalid_config:tag',
      'unreachable:push2',
    ]);
  });

  it('refuses to publish an invalid graph with 422 and every problem, changing nothing', async () => {
    const { call, store } = await createTestApp();
    const graph = skeletonGraph();
    graph.nodes[1]!.config = { add: [] };
    graph.edges.pop();
    const { id } = (await call('POST', '/api/journeys', { name: 'broken', graph })).body;
    const before = await tableRows(store, 'journeys');
    const res = await call('POST', `/api/journeys/${id}/publish`);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('invalid_graph');
    expect(res.body.error.details).toHaveLength(2);
    expect(await tableRows(store, 'journeys')).toEqual(before);
    expect(await tableRows(store, 'journey_versions')).toEqual([]);
  });

  it('refuses to publish entry → tag → wait 0 s → back to tag, which would loop forever', async () => {
    const { call, store } = await createTestApp();
    const graph = skeletonGraph(0);
    graph.edges.push({ id: 'back', source: 'push2', sourceHandle: 'out', target: 'tag' });
    const { id } = (await call('POST', '/api/journeys', { name: 'loop', graph })).body;
    const res = await call('POST', `/api/journeys/${id}/publish`);
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([expect.objectContaining({ code: 'cycle_with_zero_wait', nodeId: 'tag' })]);
    expect(await tableRows(store, 'journey_versions')).toEqual([]);
  });

  it('names who published each version: the API key or user, by the name people know', async () => {
    const { call } = await createTestApp();
    const { id } = await createSkeleton(call);
    const key = await call('POST', '/api/api-keys', { name: '运营后台', scope: 'marketer' });
    expect((await call('POST', `/api/journeys/${id}/publish`, undefined, { Authorization: `Bearer ${key.body.key}` })).status).toBe(200);
    expect((await call('POST', `/api/journeys/${id}/publish`)).status).toBe(200);
    const versions = (await call('GET', `/api/journeys/${id}/versions`)).body.items;
    expect(versions.map((v: { version: number; publishedBy: string | null; publisher: string | null }) => [v.version, v.publishedBy, v.publisher])).toEqual([
      [2, null, null],
      [1, key.body.apiKey.id, '运营后台'],
    ]);
  });

  it('keeps a publish note with the version, and refuses one over 500 characters', async () => {
    const { call } = await createTestApp();
    const { id } = await createSkeleton(call);
    const tooLong = await call('POST', `/api/journeys/${id}/publish`, { note: '长'.repeat(501) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details[0].path).toEqual(['note']);
    expect((await call('POST', `/api/journeys/${id}/publish`, { note: '  双十一：欢迎语改短  ' })).body).toEqual({ version: 1 });
    expect((await call('POST', `/api/journeys/${id}/publish`, {})).body).toEqual({ version: 2 });
    const versions = (await call('GET', `/api/journeys/${id}/versions`)).body.items;
    expect(versions.map((v: { version: number; note: string | null }) => [v.version, v.note])).toEqual([
      [2, null],
      [1, '双十一：欢迎语改短'],
    ]);
  });

  it('diffs a version against another or the draft, older to newer: nodes added, removed, changed fields', async () => {
    const { call } = await createTestApp();
    const { id } = await createSkeleton(call);
    expect((await call('POST', `/api/journeys/${id}/publish`)).status).toBe(200);
    const skeleton = skeletonGraph(2);
    const v2 = {
      nodes: [
        ...skeleton.nodes.map((n) => (n.id === 'push1' ? { ...n, config: { template: '你好 {{contact.name}}，新人礼已到账' } } : n)),
        { id: 'goal', type: 'goal', position: { x: 1000, y: 0 }, config: { name: '首单' } },
      ],
      edges: [...skeleton.edges, { id: 'e5', source: 'push2', sourceHandle: 'out', target: 'goal' }],
    };
    await call('PUT', `/api/journeys/${id}`, { name: 'v2', graph: v2, settings: {} });
    expect((await call('POST', `/api/journeys/${id}/publish`)).status).toBe(200);
    const draft = skeletonGraph(2);
    draft.nodes.pop();
    draft.edges.pop();
    await call('PUT', `/api/journeys/${id}`, { name: 'draft', graph: draft, settings: {} });

    const v1to2 = await call('GET', `/api/journeys/${id}/versions/2/diff?against=1`);
    expect(v1to2.status).toBe(200);
    expect(v1to2.body).toEqual({
      from: 1,
      to: 2,
      added: [expect.objectContaining({ id: 'goal', type: 'goal' })],
      removed: [],
      changed: [
        { nodeId: 'push1', type: 'content_push', label: '', fields: ['template'], ports: [] },
        { nodeId: 'push2', type: 'content_push', label: '', fields: [], ports: ['out'] },
      ],
    });
    expect((await call('GET', `/api/journeys/${id}/versions/1/diff?against=2`)).body).toEqual(v1to2.body);
    const toDraft = (await call('GET', `/api/journeys/${id}/versions/1/diff`)).body;
    expect(toDraft).toMatchObject({ from: 1, to: 'draft', added: [], removed: [expect.objectContaining({ id: 'push2' })] });
    expect(toDraft.changed.map((c: { nodeId: string }) => c.nodeId)).toEqual(['wait']);
    expect((await call('GET', `/api/journeys/${id}/versions/2/diff?against=draft`)).body.from).toBe(2);

    expect((await call('GET', `/api/journeys/${id}/versions/9/diff`)).status).toBe(404);
    expect((await call('GET', `/api/journeys/${id}/versions/1/diff?against=7`)).status).toBe(404);
    expect((await call('GET', `/api/journeys/jrn_nope/versions/1/diff`)).status).toBe(404);
    for (const bad of ['latest', '0', '-1', '1.5']) {
      const res = await call('GET', `/api/journeys/${id}/versions/1/diff?against=${bad}`);
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].path).toEqual(['against']);
    }
  });

  it('publishes immutable versions and moves between live and paused', async () => {
    const { call, store } = await createTestApp();
    const { id } = await createSkeleton(call);
    expect((await call('POST', `/api/journeys/${id}/pause`)).status).toBe(409);
    expect((await call('POST', `/api/journeys/${id}/publish`)).body).toEqual({ version: 1 });
    await call('PUT', `/api/journeys/${id}`, { name: 'v2', graph: skeletonGraph(9), settings: {} });
    expect((await call('POST', `/api/journeys/${id}/publish`)).body).toEqual({ version: 2 });
    const versions = (await call('GET', `/api/journeys/${id}/versions`)).body.items;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions[1].graph.nodes[3].config.duration.seconds).toBe(2);

    expect((await call('GET', `/api/journeys/${id}`)).body).toMatchObject({ status: 'live', publishedVersion: 2 });
    expect((await call('DELETE', `/api/journeys/${id}`)).status).toBe(409);
    expect((await call('POST', `/api/journeys/${id}/pause`)).body.status).toBe('paused');
    expect((await call('POST', `/api/journeys/${id}/enroll`, { contactIds: ['c1'] })).status).toBe(409);
    expect((await call('POST', `/api/journeys/${id}/resume`)).body.status).toBe('live');
    expect((await call('POST', `/api/journeys/${id}/enroll`, { contactIds: ['c1', 'c2'] })).body).toEqual({ enrolled: 2, skipped: 0 });
    expect((await tableRows<{ contactId: string; version: number }>(store, 'runs')).map((r) => [r.contactId, r.version])).toEqual([
      ['c1', 2],
      ['c2', 2],
    ]);
    expect((await call('POST', `/api/journeys/${id}/enroll`, { contactIds: ['c1'] })).body).toEqual({ enrolled: 0, skipped: 1 });
    const c1Runs = (await call('GET', `/api/journeys/${id}/runs?status=active`)).body.items;
    expect(c1Runs.map((r: { contactId: string }) => r.contactId).sort()).toEqual(['c1', 'c2']);
  });

  it('refuses to publish or save over a revision other than the one loaded', async () => {
    const { call, store } = await createTestApp();
    const { id, revision } = await createSkeleton(call);
    await call('PUT', `/api/journeys/${id}`, { name: 'edited elsewhere', graph: skeletonGraph(3), settings: {} });
    const before = await tableRows(store, 'journeys');
    const stale = await call('POST', `/api/journeys/${id}/publish`, { revision });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'revision_conflict', details: { revision: revision + 1 } });
    expect(await tableRows(store, 'journeys')).toEqual(before);
    expect(await tableRows(store, 'journey_versions')).toEqual([]);
    expect((await call('POST', `/api/journeys/${id}/publish`, { revision: revision + 1 })).body).toEqual({ version: 1 });
    expect((await call('POST', `/api/journeys/${id}/publish`, { revision: 1, force: true })).status).toBe(400);
  });

  it("answers one version's stats on that version's graph, apart from the runs of other versions", async () => {
    const t = await createTestApp();
    const { id } = await createSkeleton(t.call);
    expect((await t.call('POST', `/api/journeys/${id}/publish`)).status).toBe(200);
    t.runtime.start();
    await t.runtime.enroll(id, ['c1', 'c2']);
    await t.runtime.idle();
    // Version 2 drops the wait: its contacts go from the first push straight to the second.
    const v2 = skeletonGraph();
    v2.nodes = v2.nodes.filter((n) => n.id !== 'wait');
    v2.edges = [...v2.edges.slice(0, 2), { id: 'e5', source: 'push1', sourceHandle: 'out', target: 'push2' }];
    expect((await t.call('PUT', `/api/journeys/${id}`, { name: 'v2', graph: v2, settings: {} })).status).toBe(200);
    expect((await t.call('POST', `/api/journeys/${id}/publish`)).status).toBe(200);
    await t.runtime.enroll(id, ['c3']);
    await t.runtime.idle();

    const one = (await t.call('GET', `/api/journeys/${id}/stats?version=1`)).body;
    expect(one.runs).toMatchObject({ waiting: 2, completed: 0 });
    expect(one.nodes.wait).toMatchObject({ entered: 2, waiting: 2 });
    expect(one.nodes.entry.entered).toBe(2);
    expect(one.edges).toEqual({ e1: 2, e2: 2, e3: 2, e4: 0 });
    const two = (await t.call('GET', `/api/journeys/${id}/stats?version=2`)).body;
    expect(two.runs).toMatchObject({ waiting: 0, completed: 1 });
    expect(Object.keys(two.nodes).sort()).toEqual(['entry', 'push1', 'push2', 'tag']);
    expect(two.nodes.push2).toMatchObject({ entered: 1, completed: 1 });
    expect(two.edges).toEqual({ e1: 1, e2: 1, e5: 1 });
    // Without a version: every run, on the live version's graph.
    expect((await t.call('GET', `/api/journeys/${id}/stats`)).body.runs).toMatchObject({ waiting: 2, completed: 1 });
    expect((await t.call('GET', `/api/journeys/${id}/stats?version=3`)).status).toBe(404);
    expect((await t.call('GET', `/api/journeys/${id}/stats?version=x`)).status).toBe(400);
  });

  it('answers stats with every node and edge of the published graph', async () => {
    const { call, store } = await createTestApp();
    const { id } = await createSkeleton(call);
    await call('POST', `/api/journeys/${id}/publish`);
    await execute(store, `INSERT INTO node_counters (journey_id, node_id, port, count) VALUES (?, 'entry', '', 3), (?, 'entry', 'out', 3)`, [id, id]);
    const res = await call('GET', `/api/journeys/${id}/stats`);
    expect(res.status).toBe(200);
    expect(res.body.runs).toEqual({ active: 0, waiting: 0, completed: 0, exited: 0, failed: 0 });
    expect(Object.keys(res.body.nodes).sort()).toEqual(['entry', 'push1', 'push2', 'tag', 'wait']);
    expect(res.body.nodes.entry.entered).toBe(3);
    expect(res.body.edges).toEqual({ e1: 3, e2: 0, e3: 0, e4: 0 });
    expect((await call('GET', `/api/journeys/${id}/runs?status=bogus`)).status).toBe(400);
    expect((await call('GET', `/api/journeys/${id}/runs?status=waiting`)).body).toEqual({ items: [], nextCursor: null });
  });
});

describe('archiving', () => {
  it('archives a paused journey without contacts in flight: it leaves the list, is listed by status, and cannot be resumed', async () => {
    const { call, snapshot, runtime } = await createTestApp();
    runtime.start();
    const { id } = await createSkeleton(call);
    expect((await call('POST', `/api/journeys/${id}/publish`, {})).status).toBe(200);
    const before = await snapshot();
    const live = await call('POST', `/api/journeys/${id}/archive`);
    expect(live.status).toBe(409);
    expect(live.body.error.code).toBe('journey_live');
    expect(await snapshot()).toEqual(before);

    await call('POST', '/api/events', { contactId: 'u1', type: 'contact.acquired', properties: { source: 'douyin_live' } });
    await runtime.idle();
    expect((await call('POST', `/api/journeys/${id}/pause`)).status).toBe(200);
    const busy = await call('POST', `/api/journeys/${id}/archive`);
    expect(busy.status).toBe(409);
    expect(busy.body.error).toMatchObject({ code: 'journey_has_runs', details: { inFlight: 1 } });
  });

  it('archives a paused journey whose contacts have all finished', async () => {
    const { call } = await createTestApp();
    const { id } = await createSkeleton(call);
    expect((await call('POST', `/api/journeys/${id}/publish`, {})).status).toBe(200);
    expect((await call('POST', `/api/journeys/${id}/pause`)).status).toBe(200);
    const archived = await call('POST', `/api/journeys/${id}/archive`);
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ id, status: 'archived', publishedVersion: 1 });
    expect((await call('GET', '/api/journeys')).body.items.map((j: { id: string }) => j.id)).not.toContain(id);
    expect((await call('GET', '/api/journeys?status=archived')).body.items).toMatchObject([{ id, status: 'archived' }]);
    expect((await call('POST', `/api/journeys/${id}/resume`)).status).toBe(409);
    expect((await call('POST', `/api/journeys/${id}/archive`)).status).toBe(409);
    expect((await call('POST', '/api/journeys/jrn_missing/archive')).status).toBe(404);
    // Its history can still be read, and it can still be deleted.
    expect((await call('GET', `/api/journeys/${id}/stats`)).status).toBe(200);
    expect((await call('DELETE', `/api/journeys/${id}`)).status).toBe(204);
  });
});
