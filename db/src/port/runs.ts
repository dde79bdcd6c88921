import type {
  ContactSnapshot,
  CounterIncrement,
  EventSnapshot,
  RunState,
  RunStatus,
  EventCountQuery,
  SentMessageSnapshot,
  StepEffect,
  StepRecord,
} from '@journey/nodes/server';
import type { StoredEvent } from './events.ts';
import type { RunRecord } from './model.ts';
import type { Page, PageQuery } from './paging.ts';

/** A run as loaded for advancing: its state, the event that started it, and when its row last changed. */
export type LoadedRun = RunState & { entryEventId: string | null; createdAt: number; updatedAt: number };

/**
 * The result of advancing one run, with the state it was loaded in: the commit applies only while
 * the row is still as it was loaded (step, status and resume event unchanged), so a stale worker or a
 * run an exit event ended meanwhile is skipped whole.
 */
export interface RunCommit {
  before: RunState;
  result: { run: RunState; steps: StepRecord[]; effects: StepEffect[]; counters: CounterIncrement[] };
}

/** What a commit applied: runs, and outbox messages written. */
export interface CommitSummary {
  applied: number;
  messages: number;
}

/** Which due runs `step` takes: the next `limit` of them, or those of `ids` still due. */
export type DueSelection = { limit: number } | { ids: readonly string[] };

/** What the engine reads while it steps runs, inside the step's transaction where the store has one. */
export interface StepReads {
  inputs(request: StepInputsRequest): Promise<StepInputs>;
  /**
   * Events of these types the contacts sent after a point (each query its own), in the order received:
   * what a run that was busy while they arrived has not seen.
   */
  eventsSince(queries: readonly EventsSinceQuery[]): Promise<StoredEvent[]>;
  /** How many events each query's contact emitted of its type (and properties) from its `since` on, in order. */
  eventCounts(queries: readonly ContactEventCountQuery[]): Promise<number[]>;
}

/** `EventCountQuery` for one contact: its events of `event` with every property of `properties`, timestamped from `since` on. */
export type ContactEventCountQuery = EventCountQuery & { contactId: string };

/** A contact's events of some types stored after a given event (ids sort in the order received), or received from a moment on. */
export interface EventsSinceQuery {
  contactId: string;
  types: readonly string[];
  after: { eventId: string } | { receivedAt: number };
}

/**
 * Computes the steps of due runs: given the runs and what they need to read, it returns their commits.
 * Pure apart from the reads: a store may run it again when its transaction must be retried.
 */
export type AdvanceDue = (runs: LoadedRun[], reads: StepReads) => Promise<RunCommit[]>;

/** What `step` did: the runs it took, the commits `advance` returned, and what the commit applied. */
export interface StepBatch {
  runs: LoadedRun[];
  commits: RunCommit[];
  summary: CommitSummary;
}

/** What advancing a batch of runs reads besides the runs. */
export interface StepInputsRequest {
  contactIds: readonly string[];
  eventIds: readonly string[];
  /** Marketing messages written to these contacts after `since`, for frequency caps; null when none is capped. */
  sentSince: { contactIds: readonly string[]; since: number } | null;
  /** Contacts whose opt-outs to read (those about to meet a node that sends). */
  optOutsOf: readonly string[];
}

export interface StepInputs {
  /** Contacts with their tags, memberships, balance and offers, by id. */
  contacts: Map<string, ContactSnapshot>;
  events: Map<string, EventSnapshot>;
  sent: Map<string, SentMessageSnapshot[]>;
  /** The channels each contact opted out of (`*`: all), for those of `optOutsOf` with any. */
  optedOut: Map<string, string[]>;
}

/** The state of a run that names its queue job. */
export interface RunJobSource {
  id: string;
  stepSeq: number;
  status: RunStatus;
  wakeAt: number | null;
  updatedAt: number;
}

/** An unfinished run of a contact, as event processing reads it. */
export interface OpenRun {
  id: string;
  journeyId: string;
  version: number;
  contactId: string;
  status: 'active' | 'waiting';
  nodeId: string;
  waitingFor: string | null;
  waitingMatch: Record<string, unknown> | null;
  stepSeq: number;
}

/** A run to create at a journey's entry node. */
export interface NewRun {
  id: string;
  journeyId: string;
  version: number;
  contactId: string;
  nodeId: string;
  entryEventId: string | null;
}

/** An event that resumes a run waiting for it; applies only while the run still waits at `stepSeq`. */
export interface RunResume {
  runId: string;
  stepSeq: number;
  eventId: string;
}

/** Whether a contact has ever been in a journey, and whether a run of it is unfinished. */
export interface EntryHistory {
  contactId: string;
  journeyId: string;
  open: boolean;
}

/** Runs whose wake-up time has come, for health and metrics. */
export interface RunBacklog {
  dueRuns: number;
  /** When the oldest due run became due (an active run: its last change); null with none. */
  oldestDueAt: number | null;
}

/**
 * Runs and their steps: the queue's hot path. Runs of paused journeys are never due.
 *
 * @example
 * ```ts
 * const due = await store.runs.due(clock.now(), 500);
 * const { applied } = await store.runs.commit(commits, clock.now());
 * ```
 */
export interface RunRepository {
  get(id: string): Promise<LoadedRun | undefined>;
  /** The run as the API shows it. */
  record(id: string): Promise<RunRecord | undefined>;
  /** Due runs: active ones first, then those whose wake-up time has come (earliest first). */
  due(now: number, limit: number): Promise<LoadedRun[]>;
  /** Those of the given runs that are due at `now`, in no particular order. */
  dueByIds(ids: readonly string[], now: number): Promise<LoadedRun[]>;
  /**
   * Steps due runs in one go: takes them (`select`), has `advance` compute their steps, and commits what
   * it returns (as `commit` does). Meanwhile no other process steps them: on PostgreSQL they are locked
   * from the read to the commit, in one transaction, and other processes skip locked runs (a process
   * that dies gives its runs back with its connection); SQLite has one writer and the commit's guard.
   */
  step(select: DueSelection, now: number, advance: AdvanceDue): Promise<StepBatch>;
  hasDue(now: number): Promise<boolean>;
  /** The earliest wake-up after `now`, or null when no run waits on a timer. */
  nextWakeAt(now: number): Promise<number | null>;
  stepInputs(request: StepInputsRequest): Promise<StepInputs>;
  /** See `StepReads.eventsSince`. */
  eventsSince(queries: readonly EventsSinceQuery[]): Promise<StoredEvent[]>;
  /** See `StepReads.eventCounts`. */
  eventCounts(queries: readonly ContactEventCountQuery[]): Promise<number[]>;
  /**
   * Writes advanced runs atomically, each only while its row is as it was loaded: the new state, its
   * steps, outbox messages (idempotent by `<runId>:<nodeId>:<seq>`), tag changes, offers, referral codes
   * and rewards (idempotent by the same key), then the node counters of the applied runs.
   */
  commit(commits: readonly RunCommit[], now: number): Promise<CommitSummary>;
  /** Unfinished runs of these contacts. */
  openRuns(contactIds: readonly string[]): Promise<OpenRun[]>;
  /**
   * For each (contact, journey) pair that has runs: whether one is unfinished. Asked inside a
   * transaction, the answer holds until it ends: another transaction asking about the same pairs waits,
   * so two processes never both enrol a contact that may enter once.
   */
  entryHistory(contactIds: readonly string[], journeyIds: readonly string[]): Promise<EntryHistory[]>;
  /** Creates runs, active at their entry node. */
  insert(runs: readonly NewRun[], now: number): Promise<void>;
  /** Resumes waiting runs with the event they waited for; returns how many were resumed. */
  resume(resumes: readonly RunResume[], now: number): Promise<number>;
  /** Active runs changed after `(updatedAt, id)`, in that order (the sweeper's keyset). */
  activeSince(after: readonly [updatedAt: number, id: string], limit: number): Promise<RunJobSource[]>;
  /** Runs due since before `dueBefore` (active and unchanged since then, or woken then). */
  overdue(dueBefore: number, limit: number): Promise<RunJobSource[]>;
  backlog(now: number): Promise<RunBacklog>;
  countByStatus(): Promise<Record<RunStatus, number>>;
  /** Unfinished runs of a journey. */
  countOpen(journeyId: string): Promise<number>;
  /** A journey's runs, newest first. */
  list(journeyId: string, filter: { status?: RunStatus | undefined; nodeId?: string | undefined }, page: PageQuery): Promise<Page<RunRecord>>;
  /** Every run of a contact, newest first. */
  ofContact(contactId: string): Promise<RunRecord[]>;
}
