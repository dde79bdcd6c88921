import type { RouteHandler } from '@hono/zod-openapi';
import type { RunActionResult } from '../../../runtime-contract.ts';
import { getRun } from '../../../services/runs.ts';
import type { AppBindings } from '../../app-env.ts';
import { ApiError, notFound } from '../../errors.ts';
import type * as routes from './runs.routes.ts';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppBindings>;

/** 404 for an unknown run, 409 for one that is not failed (only failed runs can be retried or skipped). */
function refuse(result: RunActionResult, id: string, action: 'retried' | 'skipped'): void {
  if (result.ok) return;
  if (result.reason === 'not_found') throw notFound('Run', id);
  throw new ApiError(409, 'run_not_failed', `Run ${id} is not failed; only failed runs can be ${action}`);
}

export const get: Handler<'get'> = (c) => c.json(getRun(c.get('deps').store.db, c.req.valid('param').id), 200);

export const retry: Handler<'retry'> = (c) => {
  const { store, runtime } = c.get('deps');
  const { id } = c.req.valid('param');
  refuse(runtime.retryRun(id), id, 'retried');
  return c.json(getRun(store.db, id), 200);
};

export const skip: Handler<'skip'> = (c) => {
  const { store, runtime } = c.get('deps');
  const { id } = c.req.valid('param');
  refuse(runtime.skipRun(id), id, 'skipped');
  return c.json(getRun(store.db, id), 200);
};
