/**
 * The node contract, as `@journey/sdk` publishes it: everything a node type — built-in or custom — is
 * written with. The built-in nodes (`builtin/*`) import nothing else from this package, so a plugin can
 * do whatever a built-in does. Browser-safe: specs built from it can be bundled for the editor.
 */
export { z } from 'zod';
export * from './core/carrier-template-body.ts';
export * from './core/channel-message.ts';
export * from './core/channel-subscriptions.ts';
export * from './core/define-node.ts';
export * from './core/define-executor.ts';
export * from './core/define-plugin.ts';
export * from './core/duration.ts';
export * from './core/event-counts.ts';
export * from './core/fields.ts';
export * from './core/identifiers.ts';
export * from './core/identity-kinds.ts';
export * from './core/money.ts';
export * from './core/node-behaviour.ts';
export * from './core/plugin-services.ts';
export { formatDuration, renderNodeSummary, renderSummary, SummaryTemplateError } from './core/summary-template.ts';
export { journeySettingsSchema, type JourneySettings } from './core/settings.ts';
export * from './core/workspace-settings.ts';
export { MAX_RENDERED_LENGTH, renderTemplate, RenderTooLongError, templateVariables } from './core/template.ts';
export * from './core/vocabulary.ts';
export * from './core/utf8.ts';
export * from './core/zoned-time.ts';
