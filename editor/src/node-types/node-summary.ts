import { renderNodeSummary, type Locale, type NodeTypeDescription } from '@journey/nodes';

/**
 * A node card's one line in `locale`, from its type as `GET /api/node-types` describes it — built-in
 * or plugin alike: the type's summary template over the config, the type's defaults filling what the
 * config leaves out, plans by their names. `undefined` when the type is unknown, has no summary, or it renders empty (the
 * card then shows the type's description).
 *
 * @example
 * ```ts
 * nodeSummary(library['points/award'], { points: 50 }, 'zh-CN'); // "奖励 50 积分"
 * nodeSummary(library.membership_upsell, { plan: 'gold' }, 'zh-CN', new Map([['gold', '金卡']])); // "推荐: 金卡"
 * ```
 */
export function nodeSummary(
  description: NodeTypeDescription | undefined,
  config: Record<string, unknown>,
  locale: Locale,
  planNames: ReadonlyMap<string, string> = NO_NAMES,
): string | undefined {
  if (!description) return undefined;
  const defaults = description.defaultConfig;
  const withDefaults = defaults && typeof defaults === 'object' && !Array.isArray(defaults) ? { ...defaults, ...config } : config;
  return renderNodeSummary(description, namedPlans(description, withDefaults, planNames), locale);
}

const NO_NAMES: ReadonlyMap<string, string> = new Map();

/** The config with each top-level plan field (`x-widget: plan`) holding the plan's name, when known, instead of its id. */
function namedPlans(description: NodeTypeDescription, config: Record<string, unknown>, planNames: ReadonlyMap<string, string>): Record<string, unknown> {
  const properties = (description.configSchema as { properties?: Record<string, { 'x-widget'?: unknown }> }).properties ?? {};
  const named = { ...config };
  for (const [key, property] of Object.entries(properties)) {
    const id = config[key];
    if (property['x-widget'] === 'plan' && typeof id === 'string' && planNames.has(id)) named[key] = planNames.get(id);
  }
  return named;
}
