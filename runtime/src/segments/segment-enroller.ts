import type { Repositories, SegmentEnrollmentRecord, Store } from '@journey/db';
import { segmentDefinitionSchema } from '@journey/nodes';
import { EnrollmentError } from '../events/event-processor.ts';
import type { LeaderFence } from '../queue/leader-fence.ts';
import type { PassResult } from '../queue/work-loop.ts';

const HOUR_MS = 3_600_000;

/** Enrols contacts into a live journey under its entry's re-entry rule, inside the caller's transaction. */
export type EnrollContacts = (tx: Repositories, journeyId: string, contactIds: string[]) => Promise<{ enrolled: number; skipped: number }>;

/**
 * Works through segment enrolments one batch at a time: a pass counts the segment, then enrols its
 * contacts in id order (`cursor` remembers how far it got, so a restart resumes), `batchSize` per
 * call, each batch with its progress in one transaction. A scheduled enrolment starts its next pass
 * `everyHours` after one ends; a once enrolment ends `done`. A journey that is no longer live fails it.
 *
 * @example
 * ```ts
 * const enroller = new SegmentEnroller({ store, enroll: (tx, journeyId, ids) => processor.enrollIn(tx, journeyId, ids, clock.now()) });
 * const loop = new WorkLoop({ name: 'segment-enroller', clock, logger, pass: () => enroller.runBatch(clock.now()) });
 * ```
 */
export class SegmentEnroller {
  readonly #store: Store;
  readonly #enroll: EnrollContacts;
  readonly #batchSize: number;
  readonly #fence: LeaderFence | undefined;

  constructor(options: { store: Store; enroll: EnrollContacts; batchSize?: number; fence?: LeaderFence | undefined }) {
    this.#store = options.store;
    this.#enroll = options.enroll;
    this.#batchSize = options.batchSize ?? 500;
    this.#fence = options.fence;
  }

  /** Whether an enrolment has a batch to run at `now`. */
  async hasWork(now: number): Promise<boolean> {
    return (await this.#store.segments.dueEnrollment(now)) !== undefined;
  }

  /**
   * Runs one batch of the enrolment due longest; says whether more is due now, or when the next pass is,
   * and how many contacts it enrolled.
   */
  async runBatch(now: number): Promise<PassResult & { enrolled: number }> {
    const due = await this.#store.segments.dueEnrollment(now);
    if (!due) return { more: false, nextAt: await this.#store.segments.nextEnrollmentAt(), enrolled: 0 };
    const enrolled = await this.#store.transaction(async (tx) => {
      await this.#fence?.check(tx);
      const update = (patch: Partial<SegmentEnrollmentRecord>) => tx.segments.updateEnrollment(due.id, patch, now);
      const segment = await tx.segments.get(due.segmentId);
      if (!segment) {
        await update({ status: 'failed', error: 'The segment was deleted', nextRunAt: null });
        return 0;
      }
      const definition = segmentDefinitionSchema.parse({ match: segment.match, rules: segment.rules });
      const starting = due.status === 'pending';
      if (starting) await update({ status: 'running', cursor: null, matched: await tx.segments.count(definition, now), enrolled: 0, skipped: 0, error: null });
      const batch = await tx.segments.members(definition, now, { after: starting ? undefined : (due.cursor ?? undefined), limit: this.#batchSize });
      if (batch.length === 0) {
        await update(due.everyHours === null ? { status: 'done', nextRunAt: null } : { status: 'pending', nextRunAt: now + due.everyHours * HOUR_MS });
        return 0;
      }
      try {
        const result = await this.#enroll(
          tx,
          due.journeyId,
          batch.map((c) => c.id),
        );
        const progress = starting ? { enrolled: 0, skipped: 0 } : due;
        await update({ cursor: batch.at(-1)!.id, enrolled: progress.enrolled + result.enrolled, skipped: progress.skipped + result.skipped });
        return result.enrolled;
      } catch (err) {
        if (!(err instanceof EnrollmentError)) throw err;
        await update({ status: 'failed', error: err.message, nextRunAt: null });
        return 0;
      }
    });
    return { more: true, enrolled };
  }
}
