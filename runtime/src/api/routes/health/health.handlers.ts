import type { RouteHandler } from '@hono/zod-openapi';
import { checkHealth } from '../../../services/health.ts';
import type { AppBindings } from '../../app-env.ts';
import type * as routes from './health.routes.ts';

export const health: RouteHandler<typeof routes.health, AppBindings> = async (c) => {
  const { store, runtime } = c.get('deps');
  const report = await checkHealth(store, runtime.clock.now(), runtime.queueStatus());
  return report.database.ok ? c.json(report, 200) : c.json(report, 503);
};
