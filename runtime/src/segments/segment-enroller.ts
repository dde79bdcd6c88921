import { segmentEnrollments, segments, type Store } from '@journey/db';
import { and, asc, eq, isNull, lte, min, or } from 'drizzle-orm';
import { EnrollmentError } from '../events/event-processor.ts';
import type { PassResult } from '../queue/work-loop.ts';
import { SegmentQuery } from './segment-query.ts';
import { segmentDefinitionSchema } from '@journey/nodes';

const HOUR_MS = 3_600_000;

/** Enrols contacts into a live journey under its entry's re-entry rule (the runtime's `enroll`). */
export type EnrollContacts = (journeyId: string, contactIds: string[]) => { enrolled: number; skipped: number };

/**
 * Works through segment enrolments one batch at a time: a pass counts the segment, then enrols its
 * contacts in id order (`cursor` remembers how far it got, so a restart resumes), `batchSize` per
 * call, each batch with its progress in one transaction. A scheduled enrolment starts its next pass
 * `everyHours` after one ends; a once enrolment ends `done`. A journey that is no longer live fails it.
 *
 * @example
 * ```ts
 * const enroller = new SegmentEnroller({ store, enroll: (journeyId, ids) => runtime.enroll(journeyId, ids) });
 * const loop = new WorkLoop({ name: 'segment-enroller', clock, logger, pass: async () => enroller.runBatch(clock.now()) });
 * ```
 */
export class SegmentEnroller {
  readonly #store: Store;
  readonly #enroll: EnrollContacts;
  readonly #batchSize: number;
  readonly #query: SegmentQuery;

  constructor(options: { store: Store; enroll: EnrollContacts; batchSize?: number }) {
    this.#store = options.store;
    this.#enroll = options.enroll;
    this.#batchSize = options.batchSize ?? 500;
    this.#query = new SegmentQuery(options.store);
  }

  /** Whether an enrolment has a batch to run at `now`. */
  hasWork(now: number): boolean {
    return this.#due(now) !== undefined;
  }

  /** Runs one batch of the enrolment due longest; says whether more is due now, or when the next pass is. */
  runBatch(now: number): PassResult {
    const { db } = this.#store;
    const due = this.#due(now);
    if (!due) {
      const next = db.select({ at: min(segmentEnrollments.nextRunAt) }).from(segmentEnrollments).where(eq(segmentEnrollments.status, 'pending')).get();
      return { more: false, nextAt: next?.at ?? null };
    }
    this.#store.sqlite.transaction(() => {
      const update = (set: Partial<typeof segmentEnrollments.$inferInsert>) =>
        db.update(segmentEnrollments).set({ ...set, updatedAt: now }).where(eq(segmentEnrollments.id, due.id)).run();
      const segment = db.select().from(segments).where(eq(segments.id, due.segmentId)).get();
      if (!segment) return update({ status: 'failed', error: 'The segment was deleted', nextRunAt: null });
      const definition = segmentDefinitionSchema.parse({ match: segment.match, rules: segment.rules });
      const starting = due.status === 'pending';
      if (starting) update({ status: 'running', cursor: null, matched: this.#query.count(definition, now), enrolled: 0, skipped: 0, error: null });
      const batch = this.#query.page(definition, now, { after: starting ? null : due.cursor, limit: this.#batchSize });
      if (batch.length === 0) {
        return due.everyHours === null
          ? update({ status: 'done', nextRunAt: null })
          : update({ status: 'pending', nextRunAt: now + due.everyHours * HOUR_MS });
      }
      try {
        const result = this.#enroll(
          due.journeyId,
          batch.map((c) => c.id),
        );
        const progress = starting ? { enrolled: 0, skipped: 0 } : due;
        return update({ cursor: batch.at(-1)!.id, enrolled: progress.enrolled + result.enrolled, skipped: progress.skipped + result.skipped });
      } catch (err) {
        if (!(err instanceof EnrollmentError)) throw err;
        return update({ status: 'failed', error: err.message, nextRunAt: null });
      }
    })();
    return { more: true };
  }

  #due(now: number) {
    return this.#store.db
      .select()
      .from(segmentEnrollments)
      .where(
        or(
          eq(segmentEnrollments.status, 'running'),
          and(eq(segmentEnrollments.status, 'pending'), or(isNull(segmentEnrollments.nextRunAt), lte(segmentEnrollments.nextRunAt, now))),
        ),
      )
      .orderBy(asc(segmentEnrollments.updatedAt))
      .limit(1)
      .get();
  }
}
