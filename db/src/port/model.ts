/**
 * The records the store keeps, as the runtime and the API read and write them. Times are epoch
 * milliseconds; JSON columns are plain objects. Both stores (SQLite, PostgreSQL) return exactly these.
 */
import type { JourneyGraph, JourneySettings } from '@journey/nodes';
import type { RunStatus } from '@journey/nodes/server';

export { RUN_STATUSES, type RunStatus } from '@journey/nodes/server';
export { MESSAGE_PRIORITIES, type MessagePriority } from '@journey/nodes';
import type { MessagePriority } from '@journey/nodes';

/** `archived`: put away from the journey list; takes no contacts and cannot be resumed. */
export const JOURNEY_STATUSES = ['draft', 'live', 'paused', 'archived'] as const;
export type JourneyStatus = (typeof JOURNEY_STATUSES)[number];

/**
 * `unknown`: a delivery to a carrier that cannot tell repeats apart was cut off; an operator resends or drops it.
 * `pending_confirmation`: the carrier accepted it but someone must still confirm the send (a WeCom member
 * confirming a mass-send task); its channel settles it as `sent` or `failed`.
 */
export const MESSAGE_STATUSES = ['pending', 'sent', 'failed', 'unknown', 'pending_confirmation'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const ROLES = ['admin', 'marketer', 'operator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * `ingest`: behavioural events only (the key a tracker embeds in a web page); `commerce`: every event,
 * commerce ones too (the shop's server); or a role.
 */
export const API_KEY_SCOPES = ['ingest', 'commerce', ...ROLES] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** What a paused journey does with contacts who arrive: queue them (they enter on resume) or skip them. */
export const PAUSED_ENTRIES = ['queue', 'skip'] as const;
export type PausedEntries = (typeof PAUSED_ENTRIES)[number];

export const PLAN_KINDS = ['card', 'stored_value'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

export const SEGMENT_ENROLLMENT_STATUSES = ['pending', 'running', 'done', 'failed'] as const;
export type SegmentEnrollmentStatus = (typeof SEGMENT_ENROLLMENT_STATUSES)[number];

/** A journey and its editable draft; `revision` grows on every write, for conflict checks. */
export interface JourneyRecord {
  id: string;
  name: string;
  status: JourneyStatus;
  graph: JourneyGraph;
  settings: JourneySettings;
  publishedVersion: number | null;
  /** While paused: `queue` (also when null) keeps new entries for the resume, `skip` drops them. */
  pausedEntries: PausedEntries | null;
  revision: number;
  createdAt: number;
  updatedAt: number;
}

/** An immutable published version; runs stay on the version they entered with. */
export interface JourneyVersionRecord {
  journeyId: string;
  version: number;
  graph: JourneyGraph;
  settings: JourneySettings;
  publishedAt: number;
  publishedBy: string | null;
  /** What the publisher wrote about this version. */
  note: string | null;
}

/** A run as the API shows it: one contact in one journey version. */
export interface RunRecord {
  id: string;
  journeyId: string;
  version: number;
  contactId: string;
  status: RunStatus;
  nodeId: string;
  wakeAt: number | null;
  waitingFor: string | null;
  attempts: number;
  error: string | null;
  context: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  endedAt: number | null;
  /** Why the run is held at its node (a reason code); it goes at `wakeAt`. Null when not held. */
  holdReason: string | null;
}

/** One executed step of a run, as stored for the contact's timeline. */
export interface StoredStep {
  id: number;
  runId: string;
  journeyId: string;
  version: number;
  contactId: string;
  nodeId: string;
  nodeType: string;
  seq: number;
  attempt: number;
  startedAt: number;
  endedAt: number;
  outcome: string;
  port: string | null;
  error: string | null;
  /** The reason code of a hold (`wait`) or of a skipped action (`next`). */
  reason: string | null;
  /** What the node said about its decision (a condition's deciding rule and the values it compared). */
  detail: Record<string, unknown> | null;
}

/** An outbox message: written with its step, delivered once by the dispatcher. */
export interface MessageRecord {
  id: string;
  runId: string;
  journeyId: string;
  contactId: string;
  nodeId: string;
  /** `message`: rendered for a person; `call`: a plugin's outside call, its payload as JSON in `body`. */
  kind: 'message' | 'call';
  channel: string;
  title: string;
  body: string;
  /** `marketing` counts toward frequency caps; `transactional` counts toward none. */
  priority: MessagePriority;
  status: MessageStatus;
  idempotencyKey: string;
  attempts: number;
  error: string | null;
  createdAt: number;
  sentAt: number | null;
}

/** A person the brand can reach; `id` is the brand's own id. */
export interface ContactRecord {
  id: string;
  name: string | null;
  attributes: Record<string, unknown>;
  /** The source of the first entry event that enrolled the contact (`douyin_live`, …). */
  source: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  /** scrypt: `scrypt$N$r$p$salt$hash`, base64 parts. */
  passwordHash: string;
  role: Role;
  locale: string;
  disabledAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** A signed-in session; the cookie holds the token, the store its SHA-256. */
export interface SessionRecord {
  tokenHash: string;
  userId: string;
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
}

/** Machine credentials; shown once, stored as SHA-256. `ingest` keys may only send events. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  prefix: string;
  keyHash: string;
  scope: ApiKeyScope;
  createdBy: string | null;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** A membership or stored-value plan defined by an admin. Amounts are in the currency's main unit. */
export interface PlanRecord {
  id: string;
  name: string;
  kind: PlanKind;
  price: number;
  currency: string;
  tier: string | null;
  durationDays: number | null;
  benefits: string[];
  bonus: number;
  archived: boolean;
}

/** An offer issued to a contact by an `offer` node (or a coupon reward). */
export interface OfferRecord {
  code: string;
  kind: string;
  name: string;
  value: number;
  /** A coupon's minimum spend (满 threshold 减 value); 0 = none. */
  threshold: number;
  currency: string;
  journeyId: string;
  nodeId: string;
  expiresAt: number;
  redeemedAt: number | null;
}

/** A contact's membership card. */
export interface MembershipRecord {
  planId: string;
  tier: string;
  status: 'active' | 'expired';
  expiresAt: number;
}

/** A saved segment: declarative rules (validated by the runtime's segment schema) matched `all` or `any`. */
export interface SegmentRecord {
  id: string;
  name: string;
  match: 'all' | 'any';
  rules: unknown[];
  createdAt: number;
  updatedAt: number;
}

/** Enrolment of a segment into a journey, once or every `everyHours`; progress is kept as it goes. */
export interface SegmentEnrollmentRecord {
  id: string;
  segmentId: string;
  journeyId: string;
  everyHours: number | null;
  status: SegmentEnrollmentStatus;
  /** Contact id the current pass has reached (ordered keyset), null before a pass starts. */
  cursor: string | null;
  matched: number;
  enrolled: number;
  skipped: number;
  nextRunAt: number | null;
  error: string | null;
  createdAt: number;
  updatedAt: number;
}

/** Acquisition cost per source (entered in settings), for CAC before and after referral. */
export interface SourceCostRecord {
  source: string;
  cost: number;
  currency: string;
}
