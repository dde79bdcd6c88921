import type { RouteHandler } from '@hono/zod-openapi';
import { newId, type Repositories, type SegmentEnrollmentRecord, type SegmentRecord } from '@journey/db';
import { segmentDefinitionSchema, type SegmentDefinition } from '@journey/nodes';
import { NotFound } from '../../../domain-errors.ts';
import { listPage } from '../../../services/list-page.ts';
import type { AppBindings } from '../../app-env.ts';
import { ApiError } from '../../errors.ts';
import type * as routes from './segments.routes.ts';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppBindings>;

const iso = (ms: number) => new Date(ms).toISOString();

function toSegmentView(row: SegmentRecord) {
  const { match, rules } = segmentDefinitionSchema.parse({ match: row.match, rules: row.rules });
  return { id: row.id, name: row.name, match, rules, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt) };
}

function toEnrollmentView(row: SegmentEnrollmentRecord) {
  return {
    id: row.id,
    segmentId: row.segmentId,
    journeyId: row.journeyId,
    schedule: row.everyHours === null ? null : { everyHours: row.everyHours },
    status: row.status,
    total: row.matched,
    enrolled: row.enrolled,
    skipped: row.skipped,
    nextRunAt: row.nextRunAt === null ? null : iso(row.nextRunAt),
    error: row.error,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

async function findSegment(db: Repositories, id: string): Promise<SegmentRecord> {
  const row = await db.segments.get(id);
  if (!row) throw new NotFound('Segment', id);
  return row;
}

export const list: Handler<'list'> = async (c) => {
  const { segments } = c.get('deps').store;
  return c.json(await listPage(c.req.valid('query'), 'string', (page) => segments.list(page), toSegmentView), 200);
};

export const create: Handler<'create'> = async (c) => {
  const { store, runtime } = c.get('deps');
  const now = runtime.clock.now();
  const row: SegmentRecord = { id: newId('seg'), ...c.req.valid('json'), createdAt: now, updatedAt: now };
  await store.segments.create(row);
  return c.json(toSegmentView(row), 201);
};

export const get: Handler<'get'> = async (c) => c.json(toSegmentView(await findSegment(c.get('deps').store, c.req.valid('param').id)), 200);

export const update: Handler<'update'> = async (c) => {
  const { store, runtime } = c.get('deps');
  const { id } = c.req.valid('param');
  await findSegment(store, id);
  await store.segments.update(id, c.req.valid('json'), runtime.clock.now());
  return c.json(toSegmentView(await findSegment(store, id)), 200);
};

export const remove: Handler<'remove'> = async (c) => {
  const { store } = c.get('deps');
  const { id } = c.req.valid('param');
  await findSegment(store, id);
  await store.segments.delete(id);
  return c.body(null, 204);
};

/** The count of a definition's contacts at `now` and the first `limit` of them. */
async function previewOf(db: Repositories, definition: SegmentDefinition, now: number, limit: number) {
  const [count, contacts] = await Promise.all([db.segments.count(definition, now), db.segments.members(definition, now, { limit })]);
  return { count, contacts };
}

export const preview: Handler<'preview'> = async (c) => {
  const { store, runtime } = c.get('deps');
  const segment = toSegmentView(await findSegment(store, c.req.valid('param').id));
  return c.json(await previewOf(store, segment, runtime.clock.now(), c.req.valid('query').limit), 200);
};

export const previewDraft: Handler<'previewDraft'> = async (c) => {
  const { store, runtime } = c.get('deps');
  return c.json(await previewOf(store, c.req.valid('json'), runtime.clock.now(), c.req.valid('query').limit), 200);
};

export const enroll: Handler<'enroll'> = async (c) => {
  const { store, runtime } = c.get('deps');
  const { id } = c.req.valid('param');
  const { journeyId, schedule } = c.req.valid('json');
  await findSegment(store, id);
  const journey = await store.journeys.get(journeyId);
  if (!journey) throw new NotFound('Journey', journeyId);
  if (journey.status !== 'live') throw new ApiError(409, 'journey_not_live', `Only a live journey takes contacts; this one is ${journey.status}`);
  const now = runtime.clock.now();
  const row: SegmentEnrollmentRecord = {
    id: newId('sen'),
    segmentId: id,
    journeyId,
    everyHours: schedule?.everyHours ?? null,
    status: 'pending',
    cursor: null,
    matched: 0,
    enrolled: 0,
    skipped: 0,
    nextRunAt: now,
    error: null,
    createdAt: now,
    updatedAt: now,
  };
  await store.segments.createEnrollment(row);
  runtime.kick();
  return c.json(toEnrollmentView(row), 202);
};

export const enrollments: Handler<'enrollments'> = async (c) => {
  const { store } = c.get('deps');
  const { id } = c.req.valid('param');
  await findSegment(store, id);
  return c.json({ items: (await store.segments.enrollments(id)).map(toEnrollmentView) }, 200);
};
