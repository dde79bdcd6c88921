import type { RouteHandler } from '@hono/zod-openapi';
import { journeys, newId, segmentEnrollments, segments, type Db } from '@journey/db';
import { asc, desc, eq, gt } from 'drizzle-orm';
import { SegmentQuery } from '../../../segments/segment-query.ts';
import { segmentDefinitionSchema } from '@journey/nodes';
import type { AppBindings } from '../../app-env.ts';
import { ApiError, notFound } from '../../errors.ts';
import { decodeCursor, page } from '../../pagination.ts';
import type * as routes from './segments.routes.ts';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppBindings>;

const iso = (ms: number) => new Date(ms).toISOString();

function toSegmentView(row: typeof segments.$inferSelect) {
  const { match, rules } = segmentDefinitionSchema.parse({ match: row.match, rules: row.rules });
  return { id: row.id, name: row.name, match, rules, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt) };
}

function toEnrollmentView(row: typeof segmentEnrollments.$inferSelect) {
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

function findSegment(db: Db, id: string) {
  const row = db.select().from(segments).where(eq(segments.id, id)).get();
  if (!row) throw notFound('segment', id);
  return row;
}

export const list: Handler<'list'> = (c) => {
  const { limit, cursor } = c.req.valid('query');
  const after = decodeCursor(cursor, 'string');
  const rows = c.get('deps').store.db.select().from(segments).where(after === undefined ? undefined : gt(segments.id, after)).orderBy(asc(segments.id)).limit(limit + 1).all();
  const result = page(rows, limit, (r) => r.id);
  return c.json({ items: result.items.map(toSegmentView), nextCursor: result.nextCursor }, 200);
};

export const create: Handler<'create'> = (c) => {
  const { store, runtime } = c.get('deps');
  const now = runtime.clock.now();
  const row = { id: newId('seg'), ...c.req.valid('json'), createdAt: now, updatedAt: now };
  store.db.insert(segments).values(row).run();
  return c.json(toSegmentView(row), 201);
};

export const get: Handler<'get'> = (c) => c.json(toSegmentView(findSegment(c.get('deps').store.db, c.req.valid('param').id)), 200);

export const update: Handler<'update'> = (c) => {
  const { store, runtime } = c.get('deps');
  const { id } = c.req.valid('param');
  findSegment(store.db, id);
  store.db.update(segments).set({ ...c.req.valid('json'), updatedAt: runtime.clock.now() }).where(eq(segments.id, id)).run();
  return c.json(toSegmentView(findSegment(store.db, id)), 200);
};

export const remove: Handler<'remove'> = (c) => {
  const { store } = c.get('deps');
  const { id } = c.req.valid('param');
  findSegment(store.db, id);
  store.sqlite.transaction(() => {
    store.db.delete(segmentEnrollments).where(eq(segmentEnrollments.segmentId, id)).run();
    store.db.delete(segments).where(eq(segments.id, id)).run();
  })();
  return c.body(null, 204);
};

export const preview: Handler<'preview'> = (c) => {
  const { store, runtime } = c.get('deps');
  const segment = toSegmentView(findSegment(store.db, c.req.valid('param').id));
  const query = new SegmentQuery(store);
  const now = runtime.clock.now();
  return c.json({ count: query.count(segment, now), contacts: query.page(segment, now, { limit: c.req.valid('query').limit }) }, 200);
};

export const enroll: Handler<'enroll'> = (c) => {
  const { store, runtime } = c.get('deps');
  const { id } = c.req.valid('param');
  const { journeyId, schedule } = c.req.valid('json');
  findSegment(store.db, id);
  const journey = store.db.select({ status: journeys.status }).from(journeys).where(eq(journeys.id, journeyId)).get();
  if (!journey) throw notFound('journey', journeyId);
  if (journey.status !== 'live') throw new ApiError(409, 'journey_not_live', `Only a live journey takes contacts; this one is ${journey.status}`);
  const now = runtime.clock.now();
  const row: typeof segmentEnrollments.$inferSelect = {
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
  store.db.insert(segmentEnrollments).values(row).run();
  runtime.kick();
  return c.json(toEnrollmentView(row), 202);
};

export const enrollments: Handler<'enrollments'> = (c) => {
  const { store } = c.get('deps');
  const { id } = c.req.valid('param');
  findSegment(store.db, id);
  const rows = store.db.select().from(segmentEnrollments).where(eq(segmentEnrollments.segmentId, id)).orderBy(desc(segmentEnrollments.createdAt), desc(segmentEnrollments.id)).all();
  return c.json({ items: rows.map(toEnrollmentView) }, 200);
};
