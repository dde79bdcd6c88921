import type { SegmentDefinition } from '@journey/nodes';
import type { SegmentEnrollmentRecord, SegmentRecord } from './model.ts';
import type { Page, PageQuery } from './paging.ts';

/**
 * Saved segments, their enrolments into journeys, and segment evaluation: each store turns a
 * definition into its own SQL (correlated, indexed sub-queries), meaning exactly what the condition
 * node means for the same rules.
 *
 * @example
 * ```ts
 * const total = await store.segments.count(definition, now);
 * const first = await store.segments.members(definition, now, { limit: 500 });
 * ```
 */
export interface SegmentRepository {
  /** Segments in id order. */
  list(page: PageQuery): Promise<Page<SegmentRecord>>;
  get(id: string): Promise<SegmentRecord | undefined>;
  create(record: SegmentRecord): Promise<void>;
  update(id: string, patch: Pick<SegmentRecord, 'name' | 'match' | 'rules'>, now: number): Promise<void>;
  /** Deletes the segment with its enrolments. */
  delete(id: string): Promise<void>;
  count(definition: SegmentDefinition, now: number): Promise<number>;
  /** The segment's contacts in id order, after the id `after` (keyset paging). */
  members(definition: SegmentDefinition, now: number, page: PageQuery): Promise<{ id: string; name: string | null }[]>;
  createEnrollment(record: SegmentEnrollmentRecord): Promise<void>;
  /** A segment's enrolments, newest first. */
  enrollments(segmentId: string): Promise<SegmentEnrollmentRecord[]>;
  /** The enrolment due longest at `now`: running, or pending whose next pass has come. */
  dueEnrollment(now: number): Promise<SegmentEnrollmentRecord | undefined>;
  /** When the earliest scheduled pass starts, or null. */
  nextEnrollmentAt(): Promise<number | null>;
  updateEnrollment(id: string, patch: Partial<Omit<SegmentEnrollmentRecord, 'id' | 'createdAt'>>, now: number): Promise<void>;
}
