import { createRoute, z } from '@hono/zod-openapi';
import { allow } from '../../../auth/middleware.ts';
import { SENSORS_MAX_RECORDS } from '../../../trackers/sensors-records.ts';
import { errorResponses } from '../../errors.ts';
import { jsonResponse } from '../../schemas.ts';

const record = z.record(z.string(), z.unknown()).openapi({ description: 'A Sensors Data record: distinct_id, time, type (track, profile_set, track_signup), event, properties' });

export const ingest = createRoute({
  method: 'post',
  // `SENSORS_PATH` (where authentication takes ?token=) under /api, written out so the typed client sees it.
  path: '/integrations/sensors/sa',
  tags: ['integrations'],
  summary: 'Sensors Data (神策) records: what its SDKs send and its JSON-lines import files hold',
  description: [
    'Point an SDK\'s `server_url` here with `?token=<ingest key>` (SDKs cannot send headers; a bearer key works too), or post an import file.',
    `Takes a form with \`data_list\` (a JSON array, base64; gzip first with \`gzip=1\`) or \`data\` (one record), a JSON array or object, or JSON lines (\`application/x-ndjson\`, \`text/plain\`): at most ${SENSORS_MAX_RECORDS} records.`,
    '`track` is an event of the event name (`$pageview` → `page.viewed`, `$AppViewScreen`/`$MPViewScreen` → `screen.viewed`, other names with runs of characters outside letters, digits and `_ . : -` made `_` and trimmed: `$AppStart` → `AppStart`);',
    '`profile_set` upserts the contact (`$name`, `$phone`, `$email`, every other property an attribute); `track_signup` links `original_id` as the contact\'s anonymousId.',
    'The contact is the `distinct_id`; `time` is corrected for the sender\'s clock skew by `_flush_time`; a record sent again (same user, time and `_track_id`) is stored once.',
    'Records that are not valid are refused one by one (listed with their reason), and the others stored.',
  ].join(' '),
  middleware: [allow('events:write')] as const,
  request: {
    query: z.looseObject({ token: z.string().optional().openapi({ description: 'An API key of scope ingest, for SDKs that cannot send headers' }) }),
    body: {
      required: false,
      content: {
        'application/json': { schema: z.union([z.array(record).max(SENSORS_MAX_RECORDS), record]) },
        'application/x-www-form-urlencoded': { schema: z.looseObject({ data_list: z.string().optional(), data: z.string().optional(), gzip: z.string().optional() }) },
        'application/x-ndjson': { schema: z.string().openapi({ description: 'One record a line' }) },
      },
    },
  },
  responses: {
    200: jsonResponse(
      z.strictObject({
        accepted: z.number().int(),
        duplicates: z.number().int(),
        refused: z.array(z.strictObject({ index: z.number().int(), line: z.number().int().optional(), reason: z.string() })),
      }),
      'Stored; `refused` lists the records that were not, by index (and line, for JSON lines)',
    ),
    ...errorResponses(400, 401, 403, 413, 415, 429),
  },
});
