import type { RouteHandler } from '@hono/zod-openapi';
import type { RunActionResult } from '../../../runtime-contract.ts';
import { getRun } from '../../../services/runs.ts';
import type { AppBindings } from '../../app-env.ts';
import { ApiError } from '../../errors.ts';
import type * as routes from './runs.routes.ts';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppBindings>;

/** 404 for an unknown run, 409 for one that is not failed (only failed runs can be retried or skipped). */
function refuse(result: RunActionResult, id: string, action: 'retried' | 'skipped'): void {
  if (result.ok) return;
  if (result.reason === 'not_found') throw new ApiError(404, 'not_found', `Run ${id} does not exist`);
  throw new ApiError(409, 'run_not_failed', `Run ${id} is not failed; only failed runs can be ${action}`);
}

export const get: Handler<'get'> = async (c) => c.json(await getRun(c.get('deps').store, c.req.valid('param').id), 200);

export const retry: Handler<'retry'> = async (c) => {
  const { store, runtime } = c.get('deps');
  const { id } = c.req.valid('param');
  refuse(await runtime.retryRun(id), id, 'retried');
  return c.json(await getRun(store, id), 200);
};

export const skip: Handler<'skip'> = async (c) => {
  const { store, runtime } = c.get('deps');
  const { id } = c.req.valid('param');
  refuse(await runtime.skipRun(id), id, 'skipped');
  return c.json(await getRun(store, id), 200);
};
