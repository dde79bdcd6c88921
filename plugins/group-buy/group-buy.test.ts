import { chainGraph, HARNESS_START, runJourney, runNode } from '@journey/sdk/testing';
import { describe, expect, it } from 'vitest';
import { GROUP_JOINED_EVENT, groupBuyExecutor, groupCodeFor, type GroupState } from './group-buy.execute.ts';
import plugin from './index.ts';

const HOUR = 3_600_000;
const page = 'https://m.brand.cn/group?sku=tea';
const config = { friends: 2, landingUrl: page, timeout: { hours: 24 }, reward: { kind: 'points', amount: 50 } } as const;
const joined = (member: string, group: string, at = HARNESS_START) =>
  ({ reason: 'event', event: { id: `evt_${member}`, type: GROUP_JOINED_EVENT, properties: { group, member }, timestamp: at } }) as const;

describe('group-buy/group_buy', () => {
  it('opens a group: the link goes out and the run waits for joins until the deadline', async () => {
    const code = groupCodeFor('run_1', 'n1');
    const link = `https://m.brand.cn/group?sku=tea&group=${code}&leader=c1`;
    const group: GroupState = { code, link, needed: 2, members: [], deadline: HARNESS_START + 24 * HOUR };
    expect(await runNode(groupBuyExecutor, { config, contact: { name: '小王' } })).toEqual({
      type: 'wait',
      until: HARNESS_START + 24 * HOUR,
      event: { type: GROUP_JOINED_EVENT, match: { group: code } },
      context: { groupBuy: group },
      effects: [{ kind: 'message', channel: 'wecom_private', title: '', body: `小王，你的团已开好！邀请 2 位好友通过 ${link} 参团，成团即得奖励` }],
    });
    expect(groupCodeFor('run_1', 'n1')).toMatch(/^[2-9A-HJKMNP-TV-Z]{8}$/);
    expect(groupCodeFor('run_2', 'n1')).not.toBe(code);
  });

  it('counts each new friend once, never the leader, and forms with the reward at the number needed', async () => {
    const code = groupCodeFor('run_1', 'n1');
    const open: GroupState = { code, link: '', needed: 2, members: [], deadline: HARNESS_START + 24 * HOUR };
    const step = (group: GroupState, member: string) => runNode(groupBuyExecutor, { config, context: { groupBuy: group }, resume: joined(member, code) });
    const one = await step(open, 'f1');
    expect(one).toMatchObject({ type: 'wait', until: open.deadline, context: { groupBuy: { members: ['f1'] } } });
    for (const again of ['f1', 'c1', '']) expect(await step({ ...open, members: ['f1'] }, again)).toMatchObject({ type: 'wait', context: { groupBuy: { members: ['f1'] } } });
    expect(await step({ ...open, members: ['f1'] }, 'f2')).toEqual({
      type: 'next',
      port: 'formed',
      effects: [{ kind: 'reward', rewardKind: 'points', amount: 50 }],
      context: { groupBuy: { ...open, members: ['f1', 'f2'] } },
    });
  });

  it('fails at the deadline, and gives a coupon reward its own code', async () => {
    expect(await runNode(groupBuyExecutor, { config, context: { groupBuy: {} }, resume: { reason: 'timer' } })).toEqual({ type: 'next', port: 'failed' });
    const group: GroupState = { code: 'G', link: '', needed: 1, members: [], deadline: 0 };
    const formed = await runNode(groupBuyExecutor, { config: { ...config, reward: { kind: 'coupon', amount: 20 } }, context: { groupBuy: group }, resume: joined('f1', 'G') });
    expect(formed.effects).toEqual([{ kind: 'reward', rewardKind: 'coupon', amount: 20, threshold: 0, code: expect.stringMatching(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/) }]);
  });

  it('runs in a journey: a group that fills in time forms and converts, one that does not fails', async () => {
    const graph = chainGraph(
      [
        { id: 'entry', type: 'entry' },
        { id: 'group', type: 'group-buy/group_buy', config, port: 'formed' },
        { id: 'leader', type: 'tag', config: { add: ['group_leader'] } },
      ],
      [['group', 'failed', 'retry']],
    );
    graph.nodes.push({ id: 'retry', type: 'content_push', position: { x: 0, y: 0 }, config: { template: '差一点就成团了，再试一次？' } });
    const join = (leader: string, run: string, member: string, hours: number) => ({
      contactId: leader,
      type: GROUP_JOINED_EVENT,
      properties: { group: groupCodeFor(run, 'group'), member },
      at: HARNESS_START + hours * HOUR,
    });
    const result = await runJourney(graph, {
      plugins: [plugin],
      contacts: [{ id: 'c1', name: '小王' }, { id: 'c2', name: '小李' }],
      events: [
        { contactId: 'c1', type: 'contact.acquired' },
        { contactId: 'c2', type: 'contact.acquired' },
        join('c1', 'run_1', 'f1', 1),
        join('c1', 'run_1', 'f1', 2),
        join('c1', 'run_2', 'f9', 3),
        join('c2', 'run_2', 'f3', 4),
        join('c1', 'run_1', 'f2', 5),
      ],
    });
    expect(result.runOf('c1')).toMatchObject({ status: 'completed', path: ['entry', 'group', 'leader'], endedAt: HARNESS_START + 5 * HOUR });
    expect(result.runOf('c1')!.context.groupBuy).toMatchObject({ members: ['f1', 'f2'] });
    expect(result.contacts.c1!.tags).toEqual(['group_leader']);
    expect(result.effects.filter((e) => e.effect.kind === 'reward').map((e) => [e.contactId, e.effect])).toEqual([['c1', { kind: 'reward', rewardKind: 'points', amount: 50 }]]);
    expect(result.runOf('c2')).toMatchObject({ status: 'completed', path: ['entry', 'group', 'retry'], endedAt: HARNESS_START + 24 * HOUR });
    expect(result.messages.map((m) => [m.contactId, m.effect.body.split('！')[0]])).toEqual([
      ['c1', '小王，你的团已开好'],
      ['c2', '小李，你的团已开好'],
      ['c2', '差一点就成团了，再试一次？'],
    ]);
  });
});
