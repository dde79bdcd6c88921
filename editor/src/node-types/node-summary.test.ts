import { builtinSpecs, describeNodeType, type NodeTypeDescription } from '@journey/nodes';
import { describe, expect, it } from 'vitest';
import { nodeSummary } from './node-summary.ts';

const library = Object.fromEntries(builtinSpecs.map((spec) => [spec.type, describeNodeType(spec)]));

describe('nodeSummary', () => {
  it("renders the type's served template, option labels in the card's language", () => {
    expect(nodeSummary(library.content_push, { channel: 'sms', template: 'x' }, 'zh-CN')).toBe('推送: 短信');
    expect(nodeSummary(library.content_push, { channel: 'sms', template: 'x' }, 'en')).toBe('Push: SMS');
  });

  it("fills what the config leaves out with the type's defaults", () => {
    expect(nodeSummary(library.condition, { rules: [{ kind: 'tag', tag: 'vip' }] }, 'zh-CN')).toBe('1 条规则（全部）');
  });

  it('works for a type known only by its description (a plugin), and gives nothing for an unknown type or no template', () => {
    const custom: NodeTypeDescription = { ...library.goal!, type: 'points/award', summaryTemplate: { 'zh-CN': '奖励 {{points}} 积分', en: 'Award {{points}} points' }, defaultConfig: { points: 100 } };
    expect(nodeSummary(custom, {}, 'zh-CN')).toBe('奖励 100 积分');
    expect(nodeSummary(custom, { points: 5 }, 'en')).toBe('Award 5 points');
    expect(nodeSummary(undefined, {}, 'en')).toBeUndefined();
    expect(nodeSummary(library.exit, {}, 'en')).toBeUndefined();
  });

  it('names the plan an upsell offers, and shows the id of a plan it does not know', () => {
    const names = new Map([['gold', '金卡会员']]);
    expect(nodeSummary(library.membership_upsell, { plan: 'gold' }, 'zh-CN', names)).toBe('推荐: 金卡会员');
    expect(nodeSummary(library.membership_upsell, { plan: 'silver' }, 'zh-CN', names)).toBe('推荐: silver');
  });
});
