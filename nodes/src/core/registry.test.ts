import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtinSpecs } from '../builtin/specs.ts';
import { defineNode, STAGES } from './define-node.ts';
import { describeNodeType, NodeRegistry } from './registry.ts';

describe('NodeRegistry', () => {
  const registry = new NodeRegistry(builtinSpecs);

  it('holds all 13 node types of the library, each with names, a stage and an icon', () => {
    expect(registry.list().map((s) => s.type)).toEqual([
      'entry', 'tag', 'content_push', 'wait', 'wait_event', 'condition', 'ab_split',
      'offer', 'referral_reward', 'membership_upsell', 'webhook', 'goal', 'exit',
    ]);
    for (const spec of registry.list()) {
      expect(STAGES).toContain(spec.stage);
      expect(spec.title['zh-CN'] && spec.title.en && spec.icon).toBeTruthy();
    }
  });

  it('refuses a second registration of a type and badly named types', () => {
    expect(() => registry.register(builtinSpecs[0]!)).toThrow(/already registered/);
    const bad = defineNode({
      type: 'Bad Type', stage: 'any', icon: '⭐', ports: ['out'], config: z.strictObject({}),
      title: { 'zh-CN': '坏', en: 'Bad' }, description: { 'zh-CN': '', en: '' },
    });
    expect(() => new NodeRegistry().register(bad)).toThrow(/snake_case/);
    const named = (type: string) => ({ ...bad, type });
    expect(() => new NodeRegistry().register(named('group-buy/group_buy'))).not.toThrow();
    for (const type of ['Group/x', 'a/b/c', '/x', 'x/', `p/${'x'.repeat(49)}`]) {
      expect(() => new NodeRegistry().register(named(type)), type).toThrow(/snake_case/);
    }
  });

  it('describes a type with its config as JSON Schema, defaults and form metadata', () => {
    const push = describeNodeType(registry.get('content_push')!);
    expect(push.ports).toEqual(['out']);
    const props = push.configSchema.properties as Record<string, Record<string, unknown>>;
    expect(props.channel).toMatchObject({ 'x-widget': 'channel', 'x-title-zh': '渠道', default: 'wecom_private' });
    expect(push.configSchema.required).toEqual(['template']);
    expect(push.defaultConfig).toMatchObject({ channel: 'wecom_private' });
    expect(describeNodeType(registry.get('ab_split')!).ports).toEqual({ fromConfig: 'variants' });
  });

  it('derives ports from config, and none for an invalid config', () => {
    expect(registry.portsFor('condition', { rules: [{ kind: 'tag', tag: 'a' }] })).toEqual(['yes', 'no']);
    expect(registry.portsFor('ab_split', {})).toEqual(['a', 'b']);
    expect(registry.portsFor('condition', { rules: [] })).toBeUndefined();
    expect(registry.portsFor('exit', {})).toEqual([]);
  });
});
