import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import '../i18n/i18n.ts';
import { eventProperties, stepExplanation, type ExplainContext } from './step-explanation.ts';

const zh: ExplainContext = { t: i18next.getFixedT('zh-CN'), locale: 'zh-CN', formatDate: (iso) => iso.slice(0, 16) };
const en: ExplainContext = { t: i18next.getFixedT('en'), locale: 'en', formatDate: (iso) => iso.slice(0, 16) };

describe('stepExplanation', () => {
  it('names the event and source an entry matched', () => {
    const step = { nodeType: 'entry', outcome: 'next', detail: { event: 'contact.acquired', source: 'feed_ad' } };
    expect(stepExplanation(step, {}, zh)).toEqual(['因「新增联系人」进入', '来源：信息流广告']);
    expect(stepExplanation(step, {}, en)).toEqual(['Entered on “Contact acquired”', 'Source: Feed ads']);
  });

  it('says until when a wait lasts, and the event it waits for', () => {
    expect(stepExplanation({ nodeType: 'wait', outcome: 'wait', detail: { until: '2026-03-01T08:00:00.000Z' } }, {}, zh)).toEqual(['等到 2026-03-01T08:00']);
    expect(stepExplanation({ nodeType: 'wait_event', outcome: 'wait', detail: { until: '2026-03-01T08:00:00.000Z', event: 'order.paid' } }, {}, zh)).toEqual([
      '等待「支付订单」，最晚到 2026-03-01T08:00',
    ]);
  });

  it('reads the deciding rule from the version and shows the values it compared', () => {
    const config = { match: 'all', rules: [{ kind: 'tag', op: 'has', tag: 'vip' }, { kind: 'behaviour', op: 'did', event: 'order.paid', count: 2 }] };
    const behaviour = { match: 'all', rule: 1, kind: 'behaviour', held: false, event: 'order.paid', count: 1, atLeast: 2, since: Date.UTC(2026, 1, 22) };
    expect(stepExplanation({ nodeType: 'condition', outcome: 'next', detail: behaviour }, config, zh)).toEqual([
      '判断依据：第 2 条规则，做过「支付订单」至少 2 次 · 自 2026-02-22T00:00 起 · 实际 1 次 · 不成立',
    ]);
    const tag = { match: 'all', rule: 0, kind: 'tag', held: true, has: true };
    expect(stepExplanation({ nodeType: 'condition', outcome: 'next', detail: tag }, config, en)).toEqual(['Decided by rule 1: Tag has “vip” · actual: has · held']);
  });

  it('says nothing for a step without detail', () => {
    expect(stepExplanation({ nodeType: 'tag', outcome: 'next', detail: null }, undefined, zh)).toEqual([]);
  });
});

describe('eventProperties', () => {
  it('names known properties and their vocabulary values', () => {
    expect(eventProperties({ properties: { source: 'douyin_live', amount: 99, note: 'x' } }, zh)).toEqual(['来源: 抖音直播', '金额: 99', 'note: x']);
  });
});
