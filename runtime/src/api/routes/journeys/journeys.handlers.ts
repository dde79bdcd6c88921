import type { RouteHandler } from '@hono/zod-openapi';
import { goalPortsOf } from '@journey/nodes';
import { actorId } from '../../../auth/principal.ts';
import {
  archiveJourney,
  createJourney,
  deleteJourney,
  findJourney,
  listJourneys,
  listVersions,
  moveJourney,
  referenceWarnings,
  diffVersion,
  publishJourney,
  toJourneyView,
  updateJourney,
} from '../../../services/journeys.ts';
import { simulateDraft } from '../../../services/simulate.ts';
import { builtinExecutorRegistry } from '../../../plugins/node-library.ts';
import { listRuns } from '../../../services/runs.ts';
import { inFlightByVersion, journeyStats } from '../../../services/stats.ts';
import { EnrollmentError } from '../../../runtime.ts';
import type { AppBindings } from '../../app-env.ts';
import { ApiError } from '../../errors.ts';
import { validateGraphInSlices } from '../../../services/validate-in-slices.ts';
import type * as routes from './journeys.routes.ts';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppBindings>;

export const list: Handler<'list'> = async (c) => c.json(await listJourneys(c.get('deps').store, c.req.valid('query')), 200);

export const create: Handler<'create'> = async (c) => {
  const { store, runtime } = c.get('deps');
  return c.json(await createJourney(store, c.req.valid('json'), runtime.clock.now()), 201);
};

export const validate: Handler<'validate'> = async (c) => {
  const { valid, problems, graph } = await validateGraphInSlices(c.req.valid('json').graph, c.get('deps').registry);
  if (problems.some((p) => p.code === 'graph_too_large')) {
    throw new ApiError(422, 'graph_too_large', 'The graph is over the size limits', problems);
  }
  const { store, runtime, registry } = c.get('deps');
  const warnings = graph ? await referenceWarnings(store, graph, {
        registry,
        carrierLimits: runtime.plugins.carrierLimits(),
        deliversChannel: (channel) => runtime.deliversChannel(channel),
        channelAdvice: (channel, push) => runtime.plugins.channelAdvice(channel, push),
      }) : [];
  return c.json({ valid, problems: [...problems, ...warnings] }, 200);
};

export const get: Handler<'get'> = async (c) => c.json(toJourneyView(await findJourney(c.get('deps').store, c.req.valid('param').id)), 200);

export const update: Handler<'update'> = async (c) => {
  const { store, runtime } = c.get('deps');
  return c.json(await updateJourney(store, c.req.valid('param').id, c.req.valid('json'), runtime.clock.now()), 200);
};

export const remove: Handler<'remove'> = async (c) => {
  await deleteJourney(c.get('deps').store, c.req.valid('param').id);
  return c.body(null, 204);
};

export const publish: Handler<'publish'> = async (c) => {
  const { store, registry, runtime } = c.get('deps');
  const { revision, note } = c.req.valid('json');
  const by = actorId(c.get('principal'));
  const result = await publishJourney(store, registry, c.req.valid('param').id, { by, revision, note: note || null }, runtime.clock.now());
  runtime.kick();
  return c.json(result, 200);
};

export const pause: Handler<'pause'> = async (c) => {
  const { store, runtime } = c.get('deps');
  const { entries } = c.req.valid('json');
  return c.json(await moveJourney(store, c.req.valid('param').id, 'paused', runtime.clock.now(), entries), 200);
};

export const resume: Handler<'resume'> = async (c) => {
  const { store, runtime } = c.get('deps');
  const journey = await moveJourney(store, c.req.valid('param').id, 'live', runtime.clock.now());
  runtime.kick();
  return c.json(journey, 200);
};

export const versions: Handler<'versions'> = async (c) =>
  c.json(await listVersions(c.get('deps').store, c.req.valid('param').id, c.req.valid('query')), 200);

export const versionDiff: Handler<'versionDiff'> = async (c) => {
  const { id, version } = c.req.valid('param');
  const { against } = c.req.valid('query');
  return c.json(await diffVersion(c.get('deps').store, id, version, against === 'draft' ? 'draft' : Number(against)), 200);
};

export const stats: Handler<'stats'> = async (c) => {
  const { store, registry } = c.get('deps');
  const { version } = c.req.valid('query');
  return c.json(await journeyStats(store, c.req.valid('param').id, goalPortsOf(registry.list()), version), 200);
};

export const runs: Handler<'runs'> = async (c) => c.json(await listRuns(c.get('deps').store, c.req.valid('param').id, c.req.valid('query')), 200);

export const enroll: Handler<'enroll'> = async (c) => {
  const { store, runtime } = c.get('deps');
  const { id } = c.req.valid('param');
  const journey = await findJourney(store, id);
  if (journey.status !== 'live') {
    throw new ApiError(409, 'journey_not_live', `Only a live journey takes contacts; this one is ${journey.status}`);
  }
  try {
    return c.json(await runtime.enroll(id, c.req.valid('json').contactIds), 200);
  } catch (err) {
    // The journey was paused or deleted since the check above.
    if (err instanceof EnrollmentError) throw new ApiError(err.code === 'journey_not_found' ? 404 : 409, err.code, err.message);
    throw err;
  }
};

export const simulate: Handler<'simulate'> = async (c) => {
  const { store, runtime, executors } = c.get('deps');
  const { start, ...request } = c.req.valid('json');
  const view = await simulateDraft(store, executors ?? builtinExecutorRegistry(), c.req.valid('param').id, { ...request, start: start === undefined ? undefined : Date.parse(start) }, runtime.clock.now());
  return c.json(view, 200);
};

export const inFlight: Handler<'inFlight'> = async (c) => c.json(await inFlightByVersion(c.get('deps').store, c.req.valid('param').id), 200);

export const archive: Handler<'archive'> = async (c) => {
  const { store, runtime } = c.get('deps');
  return c.json(await archiveJourney(store, c.req.valid('param').id, runtime.clock.now()), 200);
};
