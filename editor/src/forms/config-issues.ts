import { friendlyIssues, type Locale } from '@journey/nodes';
import type { z } from 'zod';
import { builtinRegistry } from '../node-types/builtin-registry.ts';
import { pathKey } from './schema-model.ts';

/**
 * What is wrong with a built-in node's config, by field path (`pathKey`), in `locale`; checked with
 * the node's own zod schema, the same one the server validates with. Custom node types are checked
 * by the server only, so they get `{}`.
 *
 * @example
 * ```ts
 * configIssues('tag', { add: [], remove: [] }, 'zh-CN'); // { add: ['请至少添加或移除一个标签'] }
 * ```
 */
export function configIssues(nodeType: string, config: unknown, locale: Locale): Record<string, string[]> {
  const spec = builtinRegistry.get(nodeType);
  return spec ? schemaIssues(spec.config, config, locale) : {};
}

/**
 * What is wrong with `value` by `schema`, by field path (`pathKey`), in `locale`: the messages the
 * schema's own `localized` texts give, else zod's in that language.
 *
 * @example
 * ```ts
 * schemaIssues(journeySettingsSchema, { timezone: 'Mars/Base' }, 'en'); // { timezone: ['Unknown time zone'] }
 * ```
 */
export function schemaIssues(schema: z.ZodType, value: unknown, locale: Locale): Record<string, string[]> {
  const issues: Record<string, string[]> = {};
  for (const issue of friendlyIssues(schema, value)) (issues[pathKey(issue.path)] ??= []).push(issue.message[locale]);
  return issues;
}
