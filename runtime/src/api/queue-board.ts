import { serveStatic } from '@hono/node-server/serve-static';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { Hono } from 'hono';
import type { Runtime } from '../runtime-contract.ts';
import type { AppBindings } from './app-env.ts';
import { errorBody } from './errors.ts';

/** Where the admins' queue dashboard is served. */
export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * Bull Board over the BullMQ queue runs go through, read-only (runs are retried and skipped through the
 * API, where the database, the truth, is changed). On the embedded queue there is no BullMQ queue: the
 * page says how to get one.
 *
 * @example
 * ```ts
 * app.use(`${QUEUE_BOARD_PATH}/*`, authenticate(new Set()), allow('people:manage'));
 * app.route(QUEUE_BOARD_PATH, queueBoard(runtime));
 * ```
 */
export function queueBoard(runtime: Runtime): Hono<AppBindings> {
  const queue = runtime.bullmqQueue();
  if (!queue) {
    return new Hono<AppBindings>().all('*', (c) =>
      c.json(errorBody('no_queue_board', 'The queue dashboard shows BullMQ queues: start the server with REDIS_URL to run journeys on BullMQ'), 404),
    );
  }
  const adapter = new HonoAdapter(serveStatic);
  adapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(queue, { readOnlyMode: true, description: 'Runs due or waiting on a timer: each job names one run' })],
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'Journey runs' } },
  });
  return adapter.registerPlugin() as unknown as Hono<AppBindings>;
}
