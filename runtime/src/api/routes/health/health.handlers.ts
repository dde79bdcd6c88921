import type { RouteHandler } from '@hono/zod-openapi';
import type { NodeLibrary } from '../../../plugins/node-library.ts';
import { checkHealth, type PluginsReport } from '../../../services/health.ts';
import type { AppBindings } from '../../app-env.ts';
import type * as routes from './health.routes.ts';

export const health: RouteHandler<typeof routes.health, AppBindings> = async (c) => {
  const { store, runtime, plugins } = c.get('deps');
  const active = (name: string) => runtime.plugins.plugins.some((p) => p.name === name && runtime.plugins.configured(p));
  const report = await checkHealth(store, runtime.clock.now(), runtime.queueStatus(), { plugins: pluginsReport(plugins, active), gaps: () => runtime.nodeTypeGaps() });
  return report.database.ok ? c.json(report, 200) : c.json(report, 503);
};

function pluginsReport(library: Pick<NodeLibrary, 'plugins' | 'problems'> | undefined, active: (name: string) => boolean): PluginsReport {
  return {
    loaded: (library?.plugins ?? []).map((p) => ({
      name: p.name,
      source: p.source,
      active: active(p.name),
      nodeTypes: p.nodes.map((n) => n.spec.type),
      channels: p.channels.map((ch) => ch.name),
    })),
    problems: (library?.problems ?? []).map(({ name, source, code, message }) => ({ name, source, code, message })),
  };
}
