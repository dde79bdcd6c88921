/** Browser-safe: node specs, the graph model and validation. Server executors are in `./server.ts`. */
export * from './core/carrier-template-body.ts';
export * from './core/channel-message.ts';
export * from './core/channel-subscriptions.ts';
export * from './core/check-plugin.ts';
export * from './core/csv.ts';
export * from './core/define-node.ts';
export * from './core/event-counts.ts';
export * from './core/define-plugin.ts';
export * from './core/plugin-services.ts';
export * from './core/duration.ts';
export * from './core/event-properties.ts';
export * from './core/fields.ts';
export * from './core/friendly-errors.ts';
export * from './core/graph.ts';
export * from './core/graph-diff.ts';
export * from './core/identifiers.ts';
export * from './core/identity-kinds.ts';
export * from './core/money.ts';
export * from './core/node-behaviour.ts';
export * from './core/registry.ts';
export * from './core/settings.ts';
export * from './core/workspace-settings.ts';
export * from './core/summary-template.ts';
export * from './core/template.ts';
export * from './core/utf8.ts';
export * from './core/vocabulary.ts';
export * from './builtin/specs.ts';
export {
  attributeRuleSchema,
  balanceRuleSchema,
  conditionRuleSchema,
  membershipRuleSchema,
  tagRuleSchema,
  type ConditionRule,
} from './builtin/condition/condition.spec.ts';
export { OFFER_KINDS } from './builtin/offer/offer.spec.ts';
export { offerTerms, type OfferTermsInput } from './builtin/offer/offer-terms.ts';
export {
  eventCountRuleSchema,
  segmentDefinitionSchema,
  segmentRuleSchema,
  type SegmentDefinition,
  type SegmentRule,
} from './builtin/condition/segment-rules.ts';
