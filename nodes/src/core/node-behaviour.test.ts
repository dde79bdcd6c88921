import { describe, expect, it } from 'vitest';
import { builtinSpecs, entrySpec, goalSpec, waitEventSpec } from '../builtin/specs.ts';
import { defineNode, z } from '../sdk.ts';
import { validateGraph } from './graph.ts';
import { isConversion, isEntrySpec, matchesTrigger, triggerOf } from './node-behaviour.ts';
import { NodeRegistry } from './registry.ts';

const groupOpened = defineNode({
  type: 'group_opened',
  stage: 'refer',
  icon: '👥',
  title: { 'zh-CN': '开团', en: 'Group opened' },
  description: { 'zh-CN': '联系人开团时进入', en: 'Enters when a contact opens a group' },
  config: z.strictObject({ channels: z.array(z.string()).default([]) }),
  ports: ['out', 'late'],
  trigger: { event: { type: 'mall.group_opened' }, sources: { field: 'channels', property: 'channel' }, reentry: { mode: 'always' } },
  goal: { ports: ['out'] },
});

describe('triggerOf', () => {
  it('reads the built-in entry from its config', () => {
    const config = entrySpec.config.parse({ event: 'order.paid', sources: ['douyin_live'], reentry: 'after_exit' });
    expect(triggerOf(entrySpec, config)).toEqual({ event: 'order.paid', sources: ['douyin_live'], sourceProperty: 'source', reentry: 'after_exit' });
    expect(triggerOf(entrySpec, entrySpec.config.parse({}))).toEqual({ event: 'contact.acquired', sources: [], sourceProperty: 'source', reentry: 'once' });
  });

  it('takes fixed parts and a custom source property from the declaration', () => {
    expect(triggerOf(groupOpened, { channels: ['mini_program'] })).toEqual({
      event: 'mall.group_opened',
      sources: ['mini_program'],
      sourceProperty: 'channel',
      reentry: 'always',
    });
  });

  it('is undefined for a node that is not an entry, or whose config holds no event', () => {
    expect(triggerOf(waitEventSpec, { event: 'order.paid' })).toBeUndefined();
    expect(triggerOf(entrySpec, { event: '' })).toBeUndefined();
  });

  it('falls back to once for a re-entry value it does not know', () => {
    expect(triggerOf(entrySpec, { event: 'x', reentry: 'sometimes' })?.reentry).toBe('once');
  });
});

describe('matchesTrigger', () => {
  const trigger = triggerOf(entrySpec, entrySpec.config.parse({ sources: ['douyin_live', 'qr_code'] }))!;

  it('matches the event type and a listed source', () => {
    expect(matchesTrigger(trigger, { type: 'contact.acquired', properties: { source: 'qr_code' } })).toBe(true);
    expect(matchesTrigger(trigger, { type: 'contact.acquired', properties: { source: 'sem' } })).toBe(false);
    expect(matchesTrigger(trigger, { type: 'contact.acquired', properties: {} })).toBe(false);
    expect(matchesTrigger(trigger, { type: 'order.paid', properties: { source: 'qr_code' } })).toBe(false);
  });

  it('accepts any source when none is listed, on the declared property', () => {
    const any = triggerOf(entrySpec, entrySpec.config.parse({}))!;
    expect(matchesTrigger(any, { type: 'contact.acquired', properties: {} })).toBe(true);
    const custom = triggerOf(groupOpened, { channels: ['mini_program'] })!;
    expect(matchesTrigger(custom, { type: 'mall.group_opened', properties: { channel: 'mini_program', source: 'sem' } })).toBe(true);
  });
});

describe('declared behaviour of the built-ins', () => {
  it('has exactly one entry type and one goal type, and the waiting nodes', () => {
    expect(builtinSpecs.filter(isEntrySpec).map((s) => s.type)).toEqual(['entry']);
    expect(builtinSpecs.filter((s) => s.goal !== undefined).map((s) => s.type)).toEqual(['goal']);
    expect(builtinSpecs.filter((s) => s.waits).map((s) => s.type).sort()).toEqual(['membership_upsell', 'referral_reward', 'wait', 'wait_event']);
  });

  it('counts conversions by the declared ports', () => {
    expect(isConversion(goalSpec, 'out')).toBe(true);
    expect(isConversion(groupOpened, 'out')).toBe(true);
    expect(isConversion(groupOpened, 'late')).toBe(false);
    expect(isConversion(waitEventSpec, 'matched')).toBe(false);
  });
});

describe('validateGraph reads the trigger declaration', () => {
  const registry = new NodeRegistry([...builtinSpecs, groupOpened]);
  const at = { x: 0, y: 0 };
  const graph = (edges: { id: string; source: string; sourceHandle: string; target: string }[]) => ({
    nodes: [
      { id: 'open', type: 'group_opened', position: at, config: {} },
      { id: 'tag', type: 'tag', position: at, config: { add: ['group_leader'] } },
    ],
    edges,
  });

  it('takes a custom trigger node as the journey entry', () => {
    const { valid, problems } = validateGraph(graph([{ id: 'e1', source: 'open', sourceHandle: 'out', target: 'tag' }]), registry);
    expect(valid).toBe(true);
    // Only its unconnected `late` port is mentioned, as a publishable warning.
    expect(problems.map((p) => [p.code, p.nodeId, p.severity])).toEqual([['unconnected_port', 'open', 'warning']]);
  });

  it('refuses an edge into a custom entry', () => {
    const { problems } = validateGraph(
      graph([
        { id: 'e1', source: 'open', sourceHandle: 'out', target: 'tag' },
        { id: 'e2', source: 'tag', sourceHandle: 'out', target: 'open' },
      ]),
      registry,
    );
    expect(problems.map((p) => p.code)).toContain('edge_into_entry');
  });
});
