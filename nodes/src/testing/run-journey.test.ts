import { describe, expect, it } from 'vitest';
import { defineExecutor, defineNode, z } from '../sdk.ts';
import { flakyExecutor } from '../engine/engine-fixtures.ts';
import { chainGraph } from './chain-graph.ts';
import { createFakeClock, HARNESS_START } from './fake-clock.ts';
import { runJourney } from './run-journey.ts';

const HOUR = 3_600_000;
const acquired = (contactId: string, source = 'douyin_live', at?: number) => ({
  contactId,
  type: 'contact.acquired',
  properties: { source },
  ...(at === undefined ? {} : { at }),
});

const welcome = chainGraph([
  { id: 'entry', type: 'entry', config: { sources: ['douyin_live'] } },
  { id: 'tag', type: 'tag', config: { add: ['lead'] } },
  { id: 'push', type: 'content_push', config: { channel: 'sms', template: '你好 {{contact.name | 朋友}}' } },
  { id: 'wait', type: 'wait', config: { duration: { hours: 2 } } },
  { id: 'push2', type: 'content_push', config: { template: '给你一张券' } },
]);

describe('runJourney', () => {
  it('enrols by the entry trigger, runs instant nodes, waits on the clock and completes', async () => {
    const clock = createFakeClock();
    const result = await runJourney(welcome, {
      contacts: [{ id: 'c1', name: '小王' }],
      events: [acquired('c1'), acquired('c2', 'sem')],
      clock,
    });
    expect(result.runs).toHaveLength(1);
    const run = result.runOf('c1')!;
    expect(run).toMatchObject({ id: 'run_1', status: 'completed', path: ['entry', 'tag', 'push', 'wait', 'push2'] });
    expect(result.contacts.c1!.tags).toEqual(['lead']);
    expect(result.messages.map((m) => [m.effect.body, m.at, m.idempotencyKey])).toEqual([
      ['你好 小王', HARNESS_START, 'run_1:push:3'],
      ['给你一张券', HARNESS_START + 2 * HOUR, 'run_1:push2:6'],
    ]);
    expect(clock.now()).toBe(HARNESS_START + 2 * HOUR);
    expect(result.runOf('c2')).toBeUndefined();
  });

  it('resumes a waiting run by its event, else by its timeout, and keeps re-entry rules', async () => {
    const graph = chainGraph(
      [
        { id: 'entry', type: 'entry', config: { reentry: 'after_exit' } },
        { id: 'paid', type: 'wait_event', config: { event: 'order.paid', match: { sku: 'A' }, timeout: { hours: 1 } }, port: 'matched' },
        { id: 'vip', type: 'tag', config: { add: ['vip'] } },
      ],
      [['paid', 'timeout', 'exit']],
    );
    graph.nodes.push({ id: 'exit', type: 'exit', position: { x: 0, y: 0 }, config: {} });
    const result = await runJourney(graph, {
      events: [
        { contactId: 'c1', type: 'contact.acquired', properties: {} },
        acquired('c1', 'sem', HARNESS_START + 10),
        { contactId: 'c1', type: 'order.paid', properties: { sku: 'B' }, at: HARNESS_START + 20 },
        { contactId: 'c1', type: 'order.paid', properties: { sku: 'A' }, at: HARNESS_START + 30 },
        { contactId: 'c2', type: 'contact.acquired', properties: {} },
        { contactId: 'c2', type: 'contact.acquired', properties: {}, at: HARNESS_START + 2 * HOUR },
      ],
    });
    expect(result.runs.map((r) => [r.contactId, r.status, r.path])).toEqual([
      ['c1', 'completed', ['entry', 'paid', 'vip']],
      ['c2', 'completed', ['entry', 'paid', 'exit']],
      ['c2', 'completed', ['entry', 'paid', 'exit']],
    ]);
    expect(result.runs[2]!.endedAt).toBe(HARNESS_START + 3 * HOUR);
    expect(result.contacts.c1!.tags).toEqual(['vip']);
  });

  it('ends waiting runs on the exit event', async () => {
    const graph = chainGraph([
      { id: 'entry', type: 'entry' },
      { id: 'wait', type: 'wait', config: { duration: { days: 1 } } },
      { id: 'tag', type: 'tag', config: { add: ['late'] } },
    ]);
    const result = await runJourney(graph, {
      settings: { exitEvent: 'order.paid' },
      events: [acquired('c1'), { contactId: 'c1', type: 'order.paid', at: HARNESS_START + HOUR }],
    });
    expect(result.runOf('c1')).toMatchObject({ status: 'exited', endedAt: HARNESS_START + HOUR });
    expect(result.runOf('c1')!.steps.map((s) => s.outcome)).toEqual(['next', 'wait', 'exit_event']);
  });

  it('retries a failing custom node with back-off, then fails the run after its last attempt', async () => {
    const graph = (failures: number) => chainGraph([{ id: 'entry', type: 'entry' }, { id: 'f', type: 'flaky', config: { failures } }]);
    const recovered = await runJourney(graph(2), { nodes: [flakyExecutor], events: [acquired('c1')] });
    expect(recovered.runOf('c1')!.steps.map((s) => [s.outcome, s.attempt, s.startedAt - HARNESS_START])).toEqual([
      ['next', 1, 0],
      ['error', 1, 0],
      ['error', 2, 1500],
      ['next', 3, 4500],
    ]);
    expect(recovered.runOf('c1')!.status).toBe('completed');
    const failed = await runJourney(graph(5), { nodes: [flakyExecutor], events: [acquired('c1')] });
    expect(failed.runOf('c1')).toMatchObject({ status: 'failed', error: 'boom 3', attempts: 3 });
  });

  it('enrols through a custom trigger node, and by enrolment without an event', async () => {
    const opened = defineExecutor(
      defineNode({
        type: 'group_opened',
        stage: 'refer',
        icon: '👥',
        title: { 'zh-CN': '开团', en: 'Group opened' },
        description: { 'zh-CN': '联系人开团时进入', en: 'Enters when a contact opens a group' },
        config: z.strictObject({}),
        ports: ['out'],
        trigger: { event: { type: 'mall.group_opened' }, reentry: { mode: 'always' } },
      }),
      { execute: () => ({ type: 'next', port: 'out' }) },
    );
    const graph = chainGraph([{ id: 'open', type: 'group_opened' }, { id: 'tag', type: 'tag', config: { add: ['leader'] } }]);
    const result = await runJourney(graph, {
      nodes: [opened],
      enroll: ['c0'],
      events: [{ contactId: 'c1', type: 'mall.group_opened' }, { contactId: 'c1', type: 'mall.group_opened' }, acquired('c2')],
    });
    expect(result.runs.map((r) => [r.contactId, r.status])).toEqual([
      ['c0', 'completed'],
      ['c1', 'completed'],
      ['c1', 'completed'],
    ]);
  });

  it('runs timers up to `until`, and stops a journey that never stops waking', async () => {
    const loop = chainGraph(
      [
        { id: 'entry', type: 'entry' },
        { id: 'wait', type: 'wait', config: { duration: { hours: 1 } } },
        { id: 'push', type: 'content_push', config: { template: '又一小时' } },
      ],
      [['push', 'out', 'wait']],
    );
    const bounded = await runJourney(loop, { events: [acquired('c1')], until: HARNESS_START + 3 * HOUR + 1 });
    expect(bounded.messages).toHaveLength(3);
    expect(bounded.runOf('c1')).toMatchObject({ status: 'waiting', wakeAt: HARNESS_START + 4 * HOUR });
    expect(bounded.now).toBe(HARNESS_START + 3 * HOUR + 1);
    await expect(runJourney(loop, { events: [acquired('c1')] })).rejects.toThrow(/still waking runs/);
  });

  it('calls webhooks through the given sender and records them', async () => {
    const graph = chainGraph([
      { id: 'entry', type: 'entry' },
      { id: 'hook', type: 'webhook', config: { url: 'https://crm.example.com/hook' } },
    ]);
    const result = await runJourney(graph, { events: [acquired('c1')] });
    expect(result.webhookCalls).toMatchObject([{ url: 'https://crm.example.com/hook', body: '{"contactId":"c1"}', idempotencyKey: 'run_1:hook:2' }]);
    const refused = await runJourney(graph, {
      events: [acquired('c1')],
      webhook: async () => {
        throw new Error('503 from the CRM');
      },
    });
    expect(refused.runOf('c1')).toMatchObject({ status: 'failed', error: '503 from the CRM', attempts: 5 });
  });

  it('counts the contact’s events for behaviour conditions, as the runtime loads them before a step', async () => {
    const graph = chainGraph(
      [
        { id: 'entry', type: 'entry', config: { event: 'order.paid' } },
        { id: 'wait', type: 'wait', config: { duration: { hours: 1 } } },
        { id: 'viewed', type: 'condition', config: { rules: [{ kind: 'behaviour', event: 'page.viewed', properties: { page: 'tea' }, count: 2, days: 1 }] }, port: 'yes' },
        { id: 'vip', type: 'tag', config: { add: ['tea_fan'] } },
      ],
    );
    const viewed = (contactId: string, page: string, at: number) => ({ contactId, type: 'page.viewed', properties: { page }, at });
    const result = await runJourney(graph, {
      events: [
        viewed('c1', 'tea', HARNESS_START),
        viewed('c1', 'tea', HARNESS_START + 10),
        viewed('c2', 'tea', HARNESS_START - 2 * 24 * HOUR),
        viewed('c2', 'tea', HARNESS_START),
        viewed('c2', 'coffee', HARNESS_START),
        { contactId: 'c1', type: 'order.paid', at: HARNESS_START + 20 },
        { contactId: 'c2', type: 'order.paid', at: HARNESS_START + 20 },
      ],
      clock: createFakeClock(HARNESS_START - 2 * 24 * HOUR),
    });
    expect(result.contacts.c1!.tags).toEqual(['tea_fan']);
    expect(result.runOf('c2')!.path).toEqual(['entry', 'wait', 'viewed']);
  });
});
