import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { field } from './define-node.ts';
import { formatDuration, parseSummaryTemplate, renderNodeSummary, renderSummary, SummaryTemplateError, type JsonSchemaNode } from './summary-template.ts';

const zh = (template: string, config: unknown, schema?: JsonSchemaNode) => renderSummary(template, config, { locale: 'zh-CN', schema });
const en = (template: string, config: unknown, schema?: JsonSchemaNode) => renderSummary(template, config, { locale: 'en', schema });

describe('renderSummary', () => {
  it('fills values, nested values, list lengths and fallbacks', () => {
    const config = { plan: '黑金卡', reward: { amount: 20 }, rules: [1, 2, 3], tags: ['vip', '新客'], name: '' };
    expect(zh('推荐: {{plan}}', config)).toBe('推荐: 黑金卡');
    expect(zh('{{reward.amount}} 积分', config)).toBe('20 积分');
    expect(zh('{{rules.length}} 条规则', config)).toBe('3 条规则');
    expect(zh('+{{tags}}', config)).toBe('+vip, 新客');
    expect(zh('{{name | 未命名}} / {{missing.deep | 无}}', config)).toBe('未命名 / 无');
  });

  it('shows a section when its value is present, or equals the compared value', () => {
    const t = '{{?sources}}来源: {{sources.length}}{{/sources}}{{^sources}}任意来源{{/sources}}';
    expect(zh(t, { sources: ['a', 'b'] })).toBe('来源: 2');
    expect(zh(t, { sources: [] })).toBe('任意来源');
    expect(zh(t, {})).toBe('任意来源');
    const mode = '{{?mode=time_of_day}}等到 {{at}}{{/mode}}{{^mode=time_of_day}}等一会{{/mode}}';
    expect(zh(mode, { mode: 'time_of_day', at: '09:30' })).toBe('等到 09:30');
    expect(zh(mode, { mode: 'duration' })).toBe('等一会');
    expect(zh('{{?on}}开{{/on}}{{^on}}关{{/on}}', { on: false })).toBe('关');
    expect(zh('{{?n}}有{{/n}}', { n: 0 })).toBe('有');
    expect(zh('{{?n=3}}三{{/n}}', { n: 3 })).toBe('三');
  });

  it('repeats a list section per item with the item in scope, joined by the separator', () => {
    const variants = [
      { key: 'a', label: '', weight: 30 },
      { key: 'b', label: '新版', weight: 70 },
    ];
    const t = '{{#variants " / "}}{{?label}}{{label}}{{/label}}{{^label}}{{key}}{{/label}} {{weight}}{{/variants}}';
    expect(zh(t, { variants })).toBe('a 30 / 新版 70');
    expect(zh('{{#tags}}#{{.}}{{/tags}}', { tags: ['x', 'y'] })).toBe('#x, #y');
    expect(zh('{{#tags}}#{{.}}{{/tags}}', { tags: [] })).toBe('');
    expect(zh('{{#rules}}{{kind}}:{{plan}}{{/rules}}', { plan: 'outer', rules: [{ kind: 'tag' }] })).toBe('tag:outer');
  });

  it('formats durations, hosts, event names and option labels', () => {
    expect(zh('{{event event}}', { event: 'order.paid' })).toBe('支付订单');
    expect(en('{{event event}}', { event: 'order.paid' })).toBe('Order paid');
    expect(en('{{event event}}', { event: 'crm.lead_scored' })).toBe('crm.lead_scored');
    const timeout = { days: 1, hours: 2, minutes: 0, seconds: 0 };
    expect(zh('{{duration timeout}}', { timeout })).toBe('1 天 2 小时');
    expect(en('{{duration timeout}}', { timeout })).toBe('1 d 2 h');
    expect(en('{{duration timeout}}', { timeout: { hours: 3 } })).toBe('3 h');
    expect(en('{{host url}}', { url: 'https://crm.example.com:8443/a?b=1' })).toBe('crm.example.com:8443');
    expect(en('{{host url}}', { url: 'not a url' })).toBe('not a url');

    const schema = z.toJSONSchema(
      z.strictObject({
        reward: z.strictObject({
          kind: field(z.enum(['points', 'coupon']), { options: { points: { 'zh-CN': '积分', en: 'Points' }, coupon: { 'zh-CN': '优惠券', en: 'Coupon' } } }),
        }),
        rules: z.array(z.discriminatedUnion('kind', [z.strictObject({ kind: field(z.literal('tag'), { options: { tag: { 'zh-CN': '标签', en: 'Tag' } } }) })])),
        free: z.string(),
      }),
    ) as JsonSchemaNode;
    expect(zh('{{label reward.kind}}', { reward: { kind: 'coupon' } }, schema)).toBe('优惠券');
    expect(en('{{label reward.kind}}', { reward: { kind: 'points' } }, schema)).toBe('Points');
    expect(zh('{{#rules}}{{label kind}}{{/rules}}', { rules: [{ kind: 'tag' }] }, schema)).toBe('标签');
    expect(zh('{{label free}}', { free: 'as typed' }, schema)).toBe('as typed');
    expect(zh('{{label reward.kind}}', { reward: { kind: 'points' } })).toBe('points');
  });

  it('trims the line and shows objects as JSON', () => {
    expect(zh('  {{?a}}+{{a}}{{/a}} {{?b}}-{{b}}{{/b}} ', { a: [], b: ['x'] })).toBe('-x');
    expect(zh('{{match}}', { match: { sku: 'A' } })).toBe('{"sku":"A"}');
  });
});

describe('parseSummaryTemplate', () => {
  it('refuses templates it cannot read, naming the tag', () => {
    expect(() => parseSummaryTemplate('{{?a}}x')).toThrow(new SummaryTemplateError('{{a}} is never closed'));
    expect(() => parseSummaryTemplate('{{?a}}x{{/b}}')).toThrow(new SummaryTemplateError('{{/b}} closes {{a}}'));
    expect(() => parseSummaryTemplate('x{{/b}}')).toThrow(new SummaryTemplateError('{{/b}} closes no section'));
    expect(() => parseSummaryTemplate('{{upper name}}')).toThrow(/unknown format "upper"/);
    expect(() => parseSummaryTemplate('{{#list=a}}{{/list}}')).toThrow(/cannot compare/);
    expect(() => parseSummaryTemplate('{{a b c}}')).toThrow(/is not a summary tag/);
  });
});

describe('renderNodeSummary', () => {
  it('renders the served template in the locale, undefined when there is none or it is empty', () => {
    const description = { summaryTemplate: { 'zh-CN': '目标: {{name}}', en: 'Goal: {{name}}' }, configSchema: {} };
    expect(renderNodeSummary(description, { name: '首单' }, 'en')).toBe('Goal: 首单');
    expect(renderNodeSummary({ summaryTemplate: null, configSchema: {} }, {}, 'en')).toBeUndefined();
    expect(renderNodeSummary({ summaryTemplate: { 'zh-CN': '{{x}}', en: '{{x}}' }, configSchema: {} }, {}, 'zh-CN')).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it('leaves zero parts out, and says 0 for nothing', () => {
    expect(formatDuration({ days: 2, hours: 0, minutes: 5, seconds: 0 })).toEqual({ 'zh-CN': '2 天 5 分钟', en: '2 d 5 min' });
    expect(formatDuration({ days: 0, hours: 0, minutes: 0, seconds: 0 })).toEqual({ 'zh-CN': '0 秒', en: '0 s' });
  });
});
