import { describe, expect, it } from 'vitest';
import { callChannelOf, defineChannel, defineExecutor, defineNode, definePlugin, namespaced, namespacedNodes, pluginOf, z } from '../sdk.ts';

const ledger = defineChannel({
  kind: 'call',
  name: 'ledger',
  title: { 'zh-CN': '积分账户', en: 'Points ledger' },
  honoursIdempotencyKey: true,
  payload: z.strictObject({ contactId: z.string(), points: z.number().int().positive() }),
  deliver: async () => ({ balance: 100 }),
});

describe('defineChannel', () => {
  it('makes call effects checked by the payload schema', () => {
    expect(ledger.effect({ contactId: 'c1', points: 5 })).toEqual({ kind: 'call', channel: 'ledger', payload: { contactId: 'c1', points: 5 } });
    expect(() => ledger.effect({ contactId: 'c1', points: -1 })).toThrow();
  });

  it('keeps a message channel as declared', () => {
    const deliver = async () => undefined;
    const sms = defineChannel({ kind: 'message', name: 'sms', title: { 'zh-CN': '短信', en: 'SMS' }, honoursIdempotencyKey: false, deliver });
    expect(sms).toEqual({ kind: 'message', name: 'sms', title: { 'zh-CN': '短信', en: 'SMS' }, honoursIdempotencyKey: false, deliver });
  });
});

const awardSpec = defineNode({
  type: 'award',
  stage: 'repurchase',
  icon: '⭐',
  title: { 'zh-CN': '奖励积分', en: 'Award points' },
  description: { 'zh-CN': '给联系人积分', en: 'Awards points' },
  config: z.strictObject({ points: z.number().int().positive().default(10) }),
  ports: ['out'],
});
const award = defineExecutor(awardSpec, {
  execute: ({ config, contact }) => ({ type: 'next', port: 'out', effects: [ledger.effect({ contactId: contact.id, points: config.points })] }),
});
const plugin = definePlugin({ name: 'points', nodes: [award], channels: [ledger] });

describe('definePlugin', () => {
  it('returns the plugin with its nodes and channels', () => {
    expect(plugin.nodes[0]!.spec.type).toBe('award');
    expect(plugin.channels[0]!.name).toBe('ledger');
  });
});

describe('namespacing', () => {
  it('namespaces node types by the plugin and finds the plugin again', () => {
    const [node] = namespacedNodes(plugin);
    expect(node!.spec.type).toBe('points/award');
    expect(node!.execute).toBe(award.execute);
    expect(award.spec.type).toBe('award');
    expect(pluginOf('points/award')).toBe('points');
    expect(pluginOf('wait_event')).toBeUndefined();
    expect(namespaced('group-buy', 'group_buy')).toBe('group-buy/group_buy');
  });

  it("resolves a call effect's channel within the plugin of the node that made it", () => {
    expect(callChannelOf('points/award', ledger.effect({ contactId: 'c1', points: 1 }))).toBe('points/ledger');
  });
});
