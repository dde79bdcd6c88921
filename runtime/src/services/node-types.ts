import { friendlyIssues, type FriendlyIssue, type NodeRegistry } from '@journey/nodes';
import { NotFound } from '../domain-errors.ts';

/** What a node config is by its type's own schema: the config with defaults applied when it is valid, and every issue. */
export interface NodeConfigCheck {
  valid: boolean;
  /** The config as the engine would run it (defaults applied), or `null` when it is invalid. */
  config: unknown;
  /** Each issue with its path inside the config, worded for marketers in both languages. */
  issues: FriendlyIssue[];
}

/**
 * Checks one node's config with its type's schema — built-in or a plugin's, refinements included —
 * so the editor shows the messages publishing would give, for node types it knows only by their
 * description.
 *
 * @throws NotFound when no registered node type is called `type`
 * @example
 * ```ts
 * checkNodeConfig(registry, 'tag', { add: [] });
 * // { valid: false, config: null, issues: [{ path: ['add'], message: { 'zh-CN': '请至少添加或移除一个标签', en: … } }] }
 * ```
 */
export function checkNodeConfig(registry: NodeRegistry, type: string, config: unknown): NodeConfigCheck {
  const spec = registry.get(type);
  if (!spec) throw new NotFound('Node type', type);
  const parsed = spec.config.safeParse(config ?? {});
  if (parsed.success) return { valid: true, config: parsed.data, issues: [] };
  return { valid: false, config: null, issues: friendlyIssues(spec.config, config ?? {}) };
}
