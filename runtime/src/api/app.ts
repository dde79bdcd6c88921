import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { requestId } from 'hono/request-id';
import { FailureCounter, LoginGuard } from '../auth/login-guard.ts';
import { allow, authenticate, SEGMENT_PATH_PREFIX } from '../auth/middleware.ts';
import { SEGMENT_MAX_BATCH_BYTES } from '../trackers/segment-messages.ts';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import { ApiMetrics } from '../observability/metrics.ts';
import { observeRequests } from '../observability/request-log.ts';
import type { AppBindings, AppDeps, AppGuards } from './app-env.ts';
import { API_DOCS_PATHS, apiDocs } from './api-docs.ts';
import { createRouter } from './create-router.ts';
import { QUEUE_BOARD_PATH, queueBoard } from './queue-board.ts';
import { errorBody, handleError, validationHook } from './errors.ts';
import { limitJsonDepth } from './json-depth.ts';
import { analyticsRouter } from './routes/analytics/analytics.index.ts';
import { apiKeysRouter } from './routes/api-keys/api-keys.index.ts';
import { authRouter } from './routes/auth/auth.index.ts';
import { channelsRouter } from './routes/channels/channels.index.ts';
import { contactImportRouter } from './routes/contact-import/contact-import.index.ts';
import { contactsRouter } from './routes/contacts/contacts.index.ts';
import { eventsRouter } from './routes/events/events.index.ts';
import { healthRouter } from './routes/health/health.index.ts';
import { integrationsRouter, mountPluginRoutes, publicPluginPaths } from './routes/integrations/integrations.index.ts';
import { journeysRouter } from './routes/journeys/journeys.index.ts';
import { messagesRouter } from './routes/messages/messages.index.ts';
import { metricsRouter } from './routes/metrics/metrics.index.ts';
import { metrics as metricsRoute } from './routes/metrics/metrics.routes.ts';
import { nodeTypesRouter } from './routes/node-types/node-types.index.ts';
import { runsRouter } from './routes/runs/runs.index.ts';
import { plansRouter } from './routes/plans/plans.index.ts';
import { segmentErrorShape, segmentRouter } from './routes/segment/segment.index.ts';
import { sensorsRouter } from './routes/sensors/sensors.index.ts';
import { segmentsRouter } from './routes/segments/segments.index.ts';
import { settingsRouter } from './routes/settings/settings.index.ts';
import { usersRouter } from './routes/users/users.index.ts';
import { securityHeaders } from './security-headers.ts';
import { RedisTokenBuckets, TokenBuckets } from './token-buckets.ts';

/**
 * Request bodies over this size answer 413: 1 MiB, batches of events included (Segment takes 500 KB a
 * batch). Parsing, validating and storing a body holds the event loop; a 1 MiB batch of 1,000 events
 * holds it ~35 ms, a 14 MiB one (the old batch limit) ~200 ms (bench/input-limits.ts).
 */
export const BODY_LIMIT = 1024 * 1024;

const PUBLIC_PATHS = ['/api/health', '/api/auth/login', '/api/openapi.json', ...API_DOCS_PATHS];

const limitBodies = (maxSize = BODY_LIMIT) => {
  const tooLarge = (c: Context) => c.json(errorBody('payload_too_large', `The body is over ${maxSize} bytes`), 413);
  const counting = bodyLimit({ maxSize, onError: tooLarge });
  return createMiddleware<AppBindings>((c, next) => {
    const length = c.req.header('Content-Length');
    // Node's parser reads exactly Content-Length bytes, so the header suffices; checking it leaves the
    // body unread, which keeps @hono/node-server on its fast path (no web stream for the body).
    if (length !== undefined && c.req.header('Transfer-Encoding') === undefined) {
      return Number(length) > maxSize ? Promise.resolve(tooLarge(c)) : next();
    }
    return counting(c, next);
  });
};

/**
 * The HTTP API of SPEC §5 under `/api`, with its OpenAPI document at `/api/openapi.json`, Swagger
 * UI at `/api/docs`, and Prometheus metrics at `/metrics`. Every route but health, login and the
 * docs needs a bearer API key or a session cookie (plus `X-CSRF-Token` on writes). Every response
 * carries `X-Request-Id` (the caller's, when it sent a well-formed one).
 *
 * @example
 * ```ts
 * const app = createApp({ store, runtime, registry, config, logger });
 * serve({ fetch: app.fetch, port: 3000 });
 * ```
 */
export function createApp(deps: AppDeps) {
  const { config, store, runtime, logger } = deps;
  const guards: AppGuards = {
    login: new LoginGuard(store.loginFailures, config.login),
    passwordChange: new FailureCounter(store.loginFailures, 'password-change', config.login),
    ingest: !config.ingestRate ? null : deps.redis ? new RedisTokenBuckets(deps.redis, config.queue.prefix, config.ingestRate) : new TokenBuckets(config.ingestRate),
    metrics: new ApiMetrics(store, runtime.clock, () => runtime.queueStatus().driver),
  };
  const app = new OpenAPIHono<AppBindings>({ defaultHook: validationHook });
  app.onError(handleError);
  app.notFound((c) => c.json(errorBody('not_found', `There is no ${c.req.method} ${c.req.path}`), 404));
  app.use(
    '*',
    createMiddleware<AppBindings>((c, next) => {
      c.set('deps', deps);
      c.set('guards', guards);
      return next();
    }),
    requestId(),
    observeRequests(logger, guards.metrics),
    securityHeaders(),
  );
  const pluginRoutes = runtime.plugins.routes();
  app.use(`${SEGMENT_PATH_PREFIX}*`, segmentErrorShape(), limitBodies(SEGMENT_MAX_BATCH_BYTES));
  app.use('/api/*', limitBodies(), authenticate(new Set([...PUBLIC_PATHS, ...publicPluginPaths(pluginRoutes)])), limitJsonDepth());
  app.use(QUEUE_BOARD_PATH, authenticate(new Set()), allow('people:manage'));
  app.use(`${QUEUE_BOARD_PATH}/*`, authenticate(new Set()), allow('people:manage'));

  const api = createRouter()
    .route('/', healthRouter)
    .route('/', authRouter)
    .route('/', usersRouter)
    .route('/', apiKeysRouter)
    .route('/', nodeTypesRouter)
    .route('/', journeysRouter)
    .route('/', contactImportRouter)
    .route('/', contactsRouter)
    .route('/', eventsRouter)
    .route('/', segmentRouter)
    .route('/', sensorsRouter)
    .route('/', messagesRouter)
    .route('/', runsRouter)
    .route('/', analyticsRouter)
    .route('/', plansRouter)
    .route('/', segmentsRouter)
    .route('/', settingsRouter)
    .route('/', integrationsRouter)
    .route('/', channelsRouter);
  mountPluginRoutes(app, api, pluginRoutes);

  api.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', { type: 'http', scheme: 'bearer' });
  api.openAPIRegistry.registerComponent('securitySchemes', 'writeKey', { type: 'http', scheme: 'basic', description: 'Segment\'s write key: an API key of scope ingest as the user name, an empty password' });
  api.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE });
  api.doc('/openapi.json', {
    openapi: '3.0.3',
    info: { title: 'Journey builder API', version: '1' },
    servers: [{ url: '/api' }],
    security: [{ apiKey: [] }, { session: [] }],
  });
  // `/metrics` is served at the root (below) but described here, with its own server, so the one
  // document covers every route.
  const { middleware: _served, ...metricsDoc } = metricsRoute;
  api.openAPIRegistry.registerPath(metricsDoc);

  return app.route('/', metricsRouter).route(QUEUE_BOARD_PATH, queueBoard(runtime)).route('/api', apiDocs()).route('/api', api);
}

/**
 * The API's type, for the editor's typed `hc` client (a type-only import of `@journey/runtime/api`).
 *
 * @example
 * ```ts
 * import type { AppType } from '@journey/runtime/api';
 * const client = hc<AppType>('/').api;
 * const journey = await (await client.journeys[':id'].$get({ param: { id } })).json();
 * ```
 */
export type AppType = ReturnType<typeof createApp>;
