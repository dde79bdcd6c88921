import { eventTypeSchema, field } from '../../sdk.ts';
import { attributeRuleSchema, balanceRuleSchema, behaviourRuleSchema, membershipRuleSchema, tagRuleSchema } from './condition.spec.ts';
import { z } from '../../sdk.ts';

/** How often the contact emitted `event`: `at_least` or `at_most` `count` times, in the last `withinDays` days (ever when unset). */
export const eventCountRuleSchema = z.strictObject({
  kind: field(z.literal('event_count'), { options: { event_count: { 'zh-CN': '事件次数', en: 'Event count' } } }),
  event: field(eventTypeSchema, { title: { 'zh-CN': '事件', en: 'Event' }, widget: 'event-type' }),
  op: field(z.enum(['at_least', 'at_most']).default('at_least'), {
    options: { at_least: { 'zh-CN': '至少', en: 'at least' }, at_most: { 'zh-CN': '至多', en: 'at most' } },
  }),
  count: field(z.number().int().min(0).max(1_000_000), { title: { 'zh-CN': '次数', en: 'Times' } }),
  withinDays: field(z.number().int().min(1).max(3650).optional(), {
    title: { 'zh-CN': '最近天数', en: 'In the last (days)' },
    help: { 'zh-CN': '不填则统计全部历史', en: 'Leave empty to count all history' },
  }),
});

/**
 * One segment rule: the condition node's tag, attribute, membership, balance and behaviour rules (same
 * vocabulary, same meaning; a segment has no journey, so behaviour counts the last days only), plus
 * event counts.
 */
export const segmentRuleSchema = z.discriminatedUnion('kind', [
  tagRuleSchema,
  attributeRuleSchema,
  membershipRuleSchema,
  balanceRuleSchema,
  behaviourRuleSchema.refine((rule) => rule.within === 'days', {
    message: 'A segment has no journey to enter: count the last days',
    path: ['within'],
  }),
  eventCountRuleSchema,
]);
export type SegmentRule = z.output<typeof segmentRuleSchema>;

/**
 * What a segment selects: the contacts matching `all` or `any` of its rules.
 *
 * @example
 * ```ts
 * const definition = segmentDefinitionSchema.parse({
 *   match: 'all',
 *   rules: [
 *     { kind: 'tag', tag: 'live_viewer' },
 *     { kind: 'event_count', event: 'order.paid', op: 'at_least', count: 2, withinDays: 30 },
 *   ],
 * });
 * ```
 */
export const segmentDefinitionSchema = z.strictObject({
  match: field(z.enum(['all', 'any']).default('all'), {
    title: { 'zh-CN': '匹配方式', en: 'Match' },
    options: { all: { 'zh-CN': '全部满足', en: 'All rules' }, any: { 'zh-CN': '任一满足', en: 'Any rule' } },
  }),
  rules: field(z.array(segmentRuleSchema).min(1).max(20), { title: { 'zh-CN': '规则', en: 'Rules' }, widget: 'rules' }),
});
export type SegmentDefinition = z.output<typeof segmentDefinitionSchema>;
