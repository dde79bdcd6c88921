import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { eventInputSchema, IDENTIFY_EVENT, type EventInput, type ParsedEventInput } from '../runtime-contract.ts';
import { SEGMENT_EVENT_TYPES } from './segment-messages.ts';
import { trackerEventType } from './tracker-event-type.ts';

/** Records per request: a Sensors SDK flushes far fewer; an import file is sent in parts of this many lines. */
export const SENSORS_MAX_RECORDS = 1000;

/** What a gzip `data_list` may inflate to (a body is at most 1 MiB; a zip bomb stops here). */
const MAX_INFLATED_BYTES = 8 * 1024 * 1024;

/** Sensors Data's own event names for a page or screen view, and the product's type for each. */
const PRESET_EVENTS: Record<string, string> = {
  $pageview: SEGMENT_EVENT_TYPES.page,
  $MPViewScreen: SEGMENT_EVENT_TYPES.screen,
  $AppViewScreen: SEGMENT_EVENT_TYPES.screen,
};

const id = z.union([z.string().trim().min(1).max(200), z.number().transform(String)]);

/**
 * One record of Sensors Data's data format (神策数据格式): what its SDKs send and its import files hold,
 * one JSON object a line. `track` records an event, `profile_set` sets the user's profile, `track_signup`
 * (`$SignUp`) links the anonymous `original_id` to the logged-in `distinct_id`. Other fields (`lib`,
 * `identities`, `project`, …) are accepted and left out.
 */
export const sensorsRecordSchema = z.looseObject({
  type: z.enum(['track', 'profile_set', 'track_signup']),
  distinct_id: id,
  original_id: id.optional(),
  event: z.string().max(200).optional(),
  /** Epoch milliseconds by the sender's clock. */
  time: z.number().int().nonnegative().optional(),
  /** When the SDK sent it, by the same clock: the time is corrected for that clock's skew. */
  _flush_time: z.number().int().nonnegative().optional(),
  /** The SDK's random number for the record: with the user and the time, it makes the record's messageId. */
  _track_id: z.number().int().optional(),
  properties: z.record(z.string(), z.unknown()).default({}),
});
export type SensorsRecord = z.output<typeof sensorsRecordSchema>;

/** A record that was not stored: where it is (0-based index, and its line in JSON lines) and why. */
export interface RefusedRecord {
  index: number;
  line?: number;
  reason: string;
}

/**
 * The records of a request body, in the forms Sensors Data's SDKs and importers send:
 * `data_list` (a JSON array, base64, gzip first when `gzip=1`) or `data` (one record) as a form;
 * a JSON array or object; or JSON lines (`application/x-ndjson`, `text/plain`). Undefined when the
 * body is none of them.
 */
export function decodeSensorsBody(body: { form?: Record<string, unknown>; json?: unknown; text?: string }): { records: unknown[]; lines?: number[] } | undefined {
  if (body.form) {
    const encoded = body.form.data_list ?? body.form.data;
    if (typeof encoded !== 'string') return undefined;
    try {
      // Some SDKs encode the base64 once more; a `+` a form decoder turned into a space is put back.
      const bytes = Buffer.from((encoded.includes('%') ? decodeURIComponent(encoded) : encoded).replace(/ /g, '+'), 'base64');
      const text = (String(body.form.gzip) === '1' ? gunzipSync(bytes, { maxOutputLength: MAX_INFLATED_BYTES }) : bytes).toString('utf8');
      const parsed: unknown = JSON.parse(text);
      return { records: Array.isArray(parsed) ? parsed : [parsed] };
    } catch {
      return undefined;
    }
  }
  if (body.json !== undefined) return { records: Array.isArray(body.json) ? body.json : [body.json] };
  if (body.text === undefined) return undefined;
  const records: unknown[] = [];
  const lines: number[] = [];
  body.text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    try {
      records.push(JSON.parse(raw));
    } catch {
      records.push(raw);
    }
    lines.push(i + 1);
  });
  return { records, lines };
}

/** The messageId of a record with a `_track_id`: the same record sent twice is stored once. */
function messageIdOf(record: SensorsRecord): string | undefined {
  if (record._track_id === undefined) return undefined;
  return `sensors:${createHash('sha256').update(`${record.distinct_id}\n${record.time ?? ''}\n${record._track_id}`).digest('hex').slice(0, 40)}`;
}

/** A profile's properties as traits: `$name`/`name`, `$phone`/`phone`, `$email`/`email`, every other one an attribute. */
function profileTraits(properties: Record<string, unknown>): Record<string, unknown> {
  const traits: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (value === null || value === undefined) continue;
    const bare = key.replace(/^\$/, '');
    traits[['name', 'phone', 'email'].includes(bare) ? bare : key] = value;
  }
  return traits;
}

/**
 * A Sensors Data record as the product's event: the contact is the `distinct_id`; `track` is an event
 * whose type is the event name (`$pageview` is `page.viewed`, `$AppViewScreen`/`$MPViewScreen`
 * `screen.viewed`, others as `trackerEventType` makes them: `$AppStart` → `AppStart`) with its
 * properties; `profile_set` an `identify` whose properties upsert the contact; `track_signup` a
 * `contact.aliased` keeping `original_id` as the contact's `anonymousId`.
 */
export function sensorsToEvent(record: SensorsRecord): EventInput | string {
  const messageId = messageIdOf(record);
  const common = {
    contactId: record.distinct_id,
    ...(messageId ? { messageId } : {}),
    ...(record.time === undefined ? {} : { timestamp: record.time, ...(record._flush_time === undefined ? {} : { sentAt: record._flush_time }) }),
  };
  if (record.type === 'profile_set') return { ...common, type: IDENTIFY_EVENT, traits: profileTraits(record.properties) };
  if (record.type === 'track_signup') {
    if (record.original_id === undefined) return 'A track_signup record carries the original_id';
    return { ...common, type: SEGMENT_EVENT_TYPES.alias, properties: { ...record.properties, previousId: record.original_id }, traits: { anonymousId: record.original_id } };
  }
  const type = record.event === undefined ? undefined : (PRESET_EVENTS[record.event] ?? trackerEventType(record.event));
  if (type === undefined) return 'A track record names its event with letters or digits (at most 100)';
  return { ...common, type, properties: record.properties };
}

/** The reason an issue gives, with the field at fault. */
function reasonOf(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}

/**
 * Reads Sensors Data records as the product's events. A record that is not one (an unknown `type`, a bad
 * field, invalid JSON) is refused with its reason, and the others are still taken: an SDK resends a
 * batch it was refused, and one line of an import should not hold back the rest.
 */
export function readSensorsRecords(records: readonly unknown[], lines?: readonly number[]): { events: ParsedEventInput[]; indexes: number[]; refused: RefusedRecord[] } {
  const events: ParsedEventInput[] = [];
  const indexes: number[] = [];
  const refused: RefusedRecord[] = [];
  records.forEach((raw, index) => {
    const refuse = (reason: string) => refused.push({ index, ...(lines ? { line: lines[index]! } : {}), reason });
    if (typeof raw === 'string') return refuse('Not a JSON object');
    const record = sensorsRecordSchema.safeParse(raw);
    if (!record.success) return refuse(reasonOf(record.error.issues));
    const event = sensorsToEvent(record.data);
    if (typeof event === 'string') return refuse(event);
    const parsed = eventInputSchema.safeParse(event);
    if (!parsed.success) return refuse(reasonOf(parsed.error.issues));
    events.push(parsed.data);
    indexes.push(index);
  });
  return { events, indexes, refused };
}
