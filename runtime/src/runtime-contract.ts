import type { WorkspaceSettingsCache } from './queue/workspace-settings-cache.ts';
import { EVENT_PROPERTIES, isIdentityKind, eventTypeSchema, recordIdSchema } from '@journey/nodes';
import type { Queue } from 'bullmq';
import type { ContactTraits, IdentityKind } from '@journey/db';
import { z } from 'zod';
import type { PluginHost } from './plugins/plugin-host.ts';

/** Epoch milliseconds, from a real or a fake clock. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * The most one event may weigh, as JSON (UTF-8 bytes): 32 KiB, Segment's limit per event. A batch is
 * also capped as a whole by the body limit.
 */
export const MAX_EVENT_BYTES = 32 * 1024;

/** The traits that are identities (`IDENTITY_KINDS`); `name` is the contact's name; every other trait is an attribute. */
const identityTraits = {
  /** Kept without the spaces, dashes, dots and brackets people write in numbers (`+86 139-0000 1111` → `+8613900001111`), so that a carrier's number finds it. */
  phone: z
    .string()
    .trim()
    .min(1)
    .max(50)
    .transform((v) => v.replace(/[\s\-.()（）]/g, '') || v)
    .optional(),
  email: z.email().max(320).optional(),
  /** WeCom's `external_userid` of the contact. */
  wecomExternalUserId: z.string().trim().min(1).max(200).optional(),
  /** The contact's openid at the Official Account. */
  wechatOpenId: z.string().trim().min(1).max(200).optional(),
  /** The contact's openid at the mini-program (each WeChat app has its own). */
  wechatMiniOpenId: z.string().trim().min(1).max(200).optional(),
  wechatUnionId: z.string().trim().min(1).max(200).optional(),
  /** The tracker's anonymous id of the contact before they signed in (Segment's `anonymousId`, an alias's `previousId`). */
  anonymousId: z.string().trim().min(1).max(200).optional(),
} satisfies Record<IdentityKind, z.ZodType>;

/**
 * What an event says about its contact, as Segment's `traits`: `name`, identities (phone, e-mail, WeCom
 * external_userid, WeChat openid/unionid, a tracker's anonymous id) and any other trait as an attribute (`city`, `level`, …).
 *
 * @example
 * ```ts
 * traitsSchema.parse({ name: '王小明', phone: '13800000000', city: '上海' });
 * ```
 */
export const traitsSchema = z.looseObject({ name: z.string().trim().min(1).max(200).optional(), ...identityTraits });
export type Traits = z.output<typeof traitsSchema>;

/** Splits traits into the contact's name, identities and attributes. */
export function contactTraits(traits: Traits): ContactTraits {
  const { name, ...rest } = traits;
  const identities: Partial<Record<IdentityKind, string>> = {};
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) {
    if (value === undefined) continue;
    if (isIdentityKind(key)) identities[key] = value as string;
    else attributes[key] = value;
  }
  return { name, attributes, identities };
}

/** The event type that only carries traits (Segment's `identify`). */
export const IDENTIFY_EVENT = 'identify';

/** An event as clients send it to `POST /api/events` (SPEC §5), at most `MAX_EVENT_BYTES`. */
const instantSchema = z.union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()]);

export const eventInputSchema = z
  .strictObject({
    contactId: recordIdSchema,
    type: eventTypeSchema,
    /** Free-form, but the properties the product reads from its own events (an amount spent, …) must fit `EVENT_PROPERTIES`. */
    properties: z.record(z.string().max(200), z.unknown()).default({}),
    /**
     * When it happened, by the sender's clock: ISO 8601 or epoch milliseconds; defaults to the time it
     * is received. It orders events and feeds analytics; validity windows (offer expiry, membership
     * start) use the time the server received it.
     */
    timestamp: instantSchema.optional(),
    /**
     * When the sender sent it, by the same clock as `timestamp`: the stored timestamp is then corrected
     * for that clock's skew, as Segment does (received − (sentAt − timestamp)).
     */
    sentAt: instantSchema.optional(),
    /** The sender's id for this event: sending the same id again is a no-op. */
    messageId: recordIdSchema.optional(),
    /** Upserts the contact (name, attributes, identities) in the transaction that stores the event. */
    traits: traitsSchema.optional(),
  })
  .superRefine((event, ctx) => {
    if (event.type === IDENTIFY_EVENT && (!event.traits || Object.keys(event.traits).length === 0)) {
      ctx.addIssue({ code: 'custom', path: ['traits'], input: event.traits, message: 'An identify event carries the contact\'s traits (name, phone, …)' });
    }
    if (Buffer.byteLength(JSON.stringify(event)) > MAX_EVENT_BYTES) {
      ctx.addIssue({
        code: 'too_big',
        origin: 'event',
        maximum: MAX_EVENT_BYTES,
        inclusive: true,
        input: event,
        message: `The event is over ${MAX_EVENT_BYTES / 1024} KiB of JSON; send large data by reference`,
      });
      return;
    }
    const known = EVENT_PROPERTIES[event.type]?.safeParse(event.properties);
    for (const issue of known?.error?.issues ?? []) ctx.addIssue({ ...issue, path: ['properties', ...issue.path] });
  });
export type EventInput = z.input<typeof eventInputSchema>;
export type ParsedEventInput = z.output<typeof eventInputSchema>;

/** The answer to an ops action on a run: done, or why not (no such run, or the run is not failed). */
export type RunActionResult = { ok: true } | { ok: false; reason: 'not_found' | 'not_failed' };

/** Which queue driver runs the runs and whether what it needs answers (for `GET /api/health`). */
export type QueueStatus =
  | { driver: 'embedded' }
  /** `leader`: this process holds the lease for event processing, the outbox and the sweeper. */
  | { driver: 'bullmq'; redis: { ok: boolean }; leader: boolean };

/**
 * The journey runtime the API and the worker drive: it stores events, enrols contacts, runs due
 * runs on its queue driver and delivers the outbox.
 */
export interface Runtime {
  /** Starts the queue driver, the event processor and the outbox dispatcher. */
  start(): void;
  /** Stops taking work and waits for the steps in flight to commit. */
  stop(): Promise<void>;
  /**
   * Durably stores events (creating unknown contacts) in one transaction and returns their ids;
   * enrolment, resumes and exits follow asynchronously. Events whose `messageId` was already seen
   * are counted in `duplicates` and not stored again.
   */
  ingestEvents(events: ParsedEventInput[]): Promise<{ ids: string[]; duplicates: number }>;
  /** Enrols contacts (created when unknown) into a live journey by API. */
  enroll(journeyId: string, contactIds: string[]): Promise<{ enrolled: number; skipped: number }>;
  /** The workspace settings as the steps read them; `invalidate()` after saving them. */
  readonly workspaceSettings: WorkspaceSettingsCache;
  /** Ops action on a failed run: runs the failed step again, now, with fresh attempts. */
  retryRun(runId: string): Promise<RunActionResult>;
  /**
   * Ops action on a failed run: records the step as skipped and leaves the node by its first output
   * port, or ends the run (completed) where that port leads nowhere or the node has none.
   */
  skipRun(runId: string): Promise<RunActionResult>;
  /** The queue driver and its readiness. */
  queueStatus(): QueueStatus;
  /**
   * Whether messages on a channel reach people: a plugin or carrier serves it, or the operator's
   * `CHANNEL_WEBHOOK_URL` relay takes every channel. False where the recording adapter only records them.
   */
  deliversChannel(channel: string): boolean;
  /**
   * Published versions of live journeys with node types this process has no executor for (a plugin it
   * did not load): with BullMQ it leaves their runs to processes that have them.
   */
  nodeTypeGaps(): Promise<{ journeyId: string; version: number; nodeTypes: string[] }[]>;
  /** The BullMQ queue runs go through, for the admins' queue dashboard; undefined on the embedded queue. */
  bullmqQueue(): Queue | undefined;
  /** Tells the driver there may be due work now (after a publish, resume, retry, …). */
  kick(): void;
  /** Resolves once no event is unprocessed, no run is due and no message is pending (for tests). */
  idle(options?: { timeoutMs?: number }): Promise<void>;
  readonly clock: Clock;
  /** The plugins' server side in this process: their routes and integration status, for the API. */
  readonly plugins: PluginHost;
}
