import { builtinSpecs, NodeRegistry, type Locale } from '@journey/nodes';

/**
 * The built-in node specs, in the browser: their zod schemas check config as it is typed and their
 * `summary` writes the node card's line. Custom node types are known only by their API description.
 */
export const builtinRegistry = new NodeRegistry(builtinSpecs);

/** The one-line summary of a built-in node whose config is valid, else `undefined`. */
export function nodeSummary(nodeType: string, config: unknown, locale: Locale): string | undefined {
  const spec = builtinRegistry.get(nodeType);
  if (!spec?.summary) return undefined;
  const parsed = spec.config.safeParse(config);
  return parsed.success ? spec.summary(parsed.data)[locale] || undefined : undefined;
}
