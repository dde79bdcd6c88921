import { translateMessage, type Locale } from '@journey/nodes';
import { z } from 'zod';
import { builtinRegistry } from '../node-types/builtin-registry.ts';
import { pathKey } from './schema-model.ts';

const zhErrors = z.locales.zhCN().localeError;

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
  if (!spec) return {};
  const parsed = spec.config.safeParse(config);
  if (parsed.success) return {};
  const zhIssues = locale === 'zh-CN' ? (spec.config.safeParse(config, { error: zhErrors }).error?.issues ?? []) : [];
  const issues: Record<string, string[]> = {};
  parsed.error.issues.forEach((issue, i) => {
    const message =
      locale === 'zh-CN' ? translateMessage(issue.message, zhIssues[i]?.message ?? issue.message) : issue.message;
    const key = pathKey(issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)));
    (issues[key] ??= []).push(message);
  });
  return issues;
}
