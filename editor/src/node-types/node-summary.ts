import { renderNodeSummary, type Locale, type NodeTypeDescription } from '@journey/nodes';

/**
 * A node card's one line in `locale`, from its type as `GET /api/node-types` describes it — built-in
 * or plugin alike: the type's summary template over the config, the type's defaults filling what the
 * config leaves out. `undefined` when the type is unknown, has no summary, or it renders empty (the
 * card then shows the type's description).
 *
 * @example
 * ```ts
 * nodeSummary(library['points/award'], { points: 50 }, 'zh-CN'); // "奖励 50 积分"
 * ```
 */
export function nodeSummary(description: NodeTypeDescription | undefined, config: Record<string, unknown>, locale: Locale): string | undefined {
  if (!description) return undefined;
  const defaults = description.defaultConfig;
  const withDefaults = defaults && typeof defaults === 'object' && !Array.isArray(defaults) ? { ...defaults, ...config } : config;
  return renderNodeSummary(description, withDefaults, locale);
}
