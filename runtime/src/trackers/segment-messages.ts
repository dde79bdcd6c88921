import { createHash } from 'node:crypto';
import { RECORD_ID_PATTERN } from '@journey/nodes';
import { z } from 'zod';
import { eventInputSchema, IDENTIFY_EVENT, MAX_EVENT_BYTES, type EventInput, type ParsedEventInput } from '../runtime-contract.ts';
import { trackerEventType } from './tracker-event-type.ts';

/** The calls of Segment's Tracking API, each a `type` of message. */
export const SEGMENT_CALLS = ['track', 'identify', 'page', 'screen', 'group', 'alias'] as const;
export type SegmentCall = (typeof SEGMENT_CALLS)[number];

/** The event types of the calls that are not `track` (whose type is the event's own name). */
export const SEGMENT_EVENT_TYPES = { page: 'page.viewed', screen: 'screen.viewed', group: 'group.joined', alias: 'contact.aliased' } as const;

/** Segment's size limit per batch request (its per-call limit is `MAX_EVENT_BYTES`, 32 KiB). */
export const SEGMENT_MAX_BATCH_BYTES = 500 * 1024;

const id = z.union([z.string().trim().min(1).max(200), z.number().transform(String)]);
const record = z.record(z.string(), z.unknown());
const instant = z.union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()]);

const fields = {
  userId: id.optional().nullable(),
  anonymousId: id.optional().nullable(),
  messageId: z.string().min(1).max(1000).optional(),
  timestamp: instant.optional(),
  originalTimestamp: instant.optional(),
  sentAt: instant.optional(),
  event: z.string().max(200).optional(),
  name: z.string().max(200).optional().nullable(),
  category: z.string().max(200).optional().nullable(),
  properties: record.optional(),
  traits: record.optional(),
  groupId: id.optional(),
  previousId: id.optional(),
};

/** What a call of `type` must carry beyond its fields' own shapes, and Segment's 32 KB per call. */
function checkCall(type: SegmentCall, message: z.output<z.ZodObject<typeof fields>>, ctx: z.RefinementCtx) {
  if (Buffer.byteLength(JSON.stringify(message)) > MAX_EVENT_BYTES) {
    ctx.addIssue({ code: 'too_big', origin: 'event', maximum: MAX_EVENT_BYTES, inclusive: true, input: message, message: `A Segment call is at most ${MAX_EVENT_BYTES / 1024} KB of JSON` });
  }
  if (message.userId == null && message.anonymousId == null) {
    ctx.addIssue({ code: 'custom', path: ['userId'], input: message.userId, message: 'A Segment call names its user: userId or anonymousId' });
  }
  if (type === 'track' && (message.event === undefined || trackerEventType(message.event) === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['event'], input: message.event, message: 'A track call names its event with letters or digits (at most 100)' });
  }
  if (type === 'group' && message.groupId === undefined) ctx.addIssue({ code: 'custom', path: ['groupId'], input: undefined, message: 'A group call carries a groupId' });
  if (type === 'alias' && (message.previousId === undefined || message.userId == null)) {
    ctx.addIssue({ code: 'custom', path: ['previousId'], input: message.previousId, message: 'An alias call carries the previousId and the userId it now is' });
  }
}

/**
 * One message as Segment's libraries send it (`@segment/analytics-node`, analytics.js, the HTTP API):
 * the fields read here are checked, the others (`context`, `integrations`, `_metadata`, `channel`, …)
 * are accepted and left out. Each message weighs at most 32 KiB of JSON, Segment's limit per call.
 */
export const segmentMessageSchema = z.looseObject({ type: z.enum(SEGMENT_CALLS), ...fields }).superRefine((message, ctx) => checkCall(message.type, message, ctx));

/** The body of `POST /api/v1/<call>`: a message whose type is the route's (its own `type` may be left out). */
export function segmentCallSchema<C extends SegmentCall>(call: C) {
  return z.looseObject({ type: z.literal(call).optional(), ...fields }).superRefine((message, ctx) => checkCall(call, message, ctx));
}
export type SegmentMessage = z.output<typeof segmentMessageSchema>;

/** `POST /api/v1/batch`: the messages, and when the library sent them (its clock). */
export const segmentBatchSchema = z.looseObject({
  batch: z.array(segmentMessageSchema).min(1).max(2500),
  sentAt: instant.optional(),
});

/**
 * Segment's `messageId` as the product's: kept as it is when it is a valid record id (uuids and the
 * libraries' `node-next-…`, `ajs-next-…` are), else its SHA-256 — the same id still de-duplicates.
 */
function messageIdOf(messageId: string): string {
  return RECORD_ID_PATTERN.test(messageId) ? messageId : `sha256:${createHash('sha256').update(messageId).digest('hex')}`;
}

/** Segment's `firstName`/`lastName` make the name when it sends no `name`. */
function traitsOf(traits: Record<string, unknown>): Record<string, unknown> {
  const { firstName, lastName } = traits;
  if (traits.name !== undefined || (typeof firstName !== 'string' && typeof lastName !== 'string')) return traits;
  const name = [firstName, lastName].filter((part) => typeof part === 'string' && part.trim() !== '').join(' ');
  return name === '' ? traits : { ...traits, name };
}

function defined(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined && value !== null));
}

/**
 * A Segment call as the product's event: the contact is the `userId`, else the `anonymousId`; `track` is
 * an event of the (normalised) event name with its properties; `identify` an `identify` event whose traits
 * upsert the contact (and record the `anonymousId` when both ids are sent); `page`/`screen` are
 * `page.viewed`/`screen.viewed` with the name (and category) among the properties; `group` is
 * `group.joined`, setting the contact's `groupId` and `group` (the group's traits) attributes; `alias`
 * is `contact.aliased` on the `userId`'s contact, recording the `previousId` as its `anonymousId` identity
 * (the events of the previous id stay on that contact: contacts are not merged). The client's timestamp
 * is corrected for its clock's skew when `sentAt` is known (received − (sentAt − timestamp)).
 */
export function segmentToEvent(message: SegmentMessage, batchSentAt?: string | number): EventInput {
  const contactId = String(message.userId ?? message.anonymousId);
  const timestamp = message.originalTimestamp ?? message.timestamp;
  const sentAt = message.sentAt ?? batchSentAt;
  const common = {
    contactId,
    ...(message.messageId === undefined ? {} : { messageId: messageIdOf(message.messageId) }),
    ...(timestamp === undefined ? {} : { timestamp, ...(sentAt === undefined ? {} : { sentAt }) }),
  };
  switch (message.type) {
    case 'track':
      return { ...common, type: trackerEventType(message.event ?? '') ?? '', properties: message.properties ?? {} };
    case 'identify': {
      const anonymous = message.userId != null && message.anonymousId != null ? { anonymousId: message.anonymousId } : {};
      return { ...common, type: IDENTIFY_EVENT, traits: { ...traitsOf(message.traits ?? {}), ...anonymous } };
    }
    case 'page':
      return { ...common, type: SEGMENT_EVENT_TYPES.page, properties: { ...message.properties, ...defined({ name: message.name, category: message.category }) } };
    case 'screen':
      return { ...common, type: SEGMENT_EVENT_TYPES.screen, properties: { ...message.properties, ...defined({ name: message.name }) } };
    case 'group': {
      const group = message.traits ?? {};
      return { ...common, type: SEGMENT_EVENT_TYPES.group, properties: { groupId: message.groupId, ...group }, traits: { groupId: message.groupId, group } };
    }
    case 'alias':
      return { ...common, type: SEGMENT_EVENT_TYPES.alias, properties: { previousId: message.previousId }, traits: { anonymousId: message.previousId } };
  }
}

/** Where a field of the product's event came from in the Segment call. */
const SEGMENT_FIELD: Record<string, string> = { contactId: 'userId', type: 'event', messageId: 'messageId', timestamp: 'timestamp', sentAt: 'sentAt' };

/**
 * The outcome of reading Segment calls: the events and, for each, the index of its call; or the issues
 * with their paths into the request body.
 */
export type SegmentReading = { ok: true; events: ParsedEventInput[]; indexes: number[] } | { ok: false; issues: z.core.$ZodIssue[] };

/** An `identify` that says nothing about its user (no traits, one id): Segment takes it, there is nothing to store. */
function saysNothing(message: SegmentMessage): boolean {
  return message.type === 'identify' && Object.keys(message.traits ?? {}).length === 0 && (message.userId == null || message.anonymousId == null);
}

/**
 * Reads validated Segment calls as the product's events, checking each against the event contract;
 * an issue's path points into the Segment call (`['batch', 3, 'traits', 'email']`). An `identify`
 * without traits or a second id is accepted and left out.
 */
export function readSegmentMessages(messages: readonly SegmentMessage[], batchSentAt: string | number | undefined, pathOf: (index: number) => (string | number)[]): SegmentReading {
  const events: ParsedEventInput[] = [];
  const indexes: number[] = [];
  const issues: z.core.$ZodIssue[] = [];
  messages.forEach((message, index) => {
    if (saysNothing(message)) return;
    const parsed = eventInputSchema.safeParse(segmentToEvent(message, batchSentAt));
    if (parsed.success) {
      events.push(parsed.data);
      indexes.push(index);
      return;
    }
    for (const issue of parsed.error.issues) {
      const [head, ...rest] = issue.path;
      const field = typeof head === 'string' ? (SEGMENT_FIELD[head] ?? head) : head;
      // An alias's and a group's traits are the product's own (made from previousId and groupId).
      const path = message.type === 'alias' && head === 'traits' ? ['previousId'] : field === undefined ? [] : [field, ...rest];
      issues.push({ ...issue, path: [...pathOf(index), ...path] });
    }
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, events, indexes };
}
