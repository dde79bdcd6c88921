import type { RouteHandler } from '@hono/zod-openapi';
import { decodeSensorsBody, readSensorsRecords, SENSORS_MAX_RECORDS } from '../../../trackers/sensors-records.ts';
import type { AppBindings } from '../../app-env.ts';
import { ApiError } from '../../errors.ts';
import { ingestEvents } from '../../ingest-events.ts';
import type * as routes from './sensors.routes.ts';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppBindings>;

export const ingest: Handler<'ingest'> = async (c) => {
  const contentType = c.req.header('Content-Type') ?? '';
  const body = /^application\/x-www-form-urlencoded|^multipart\/form-data/i.test(contentType)
    ? { form: c.req.valid('form') as Record<string, unknown> }
    : /^application\/(.+\+)?json/i.test(contentType)
      ? { json: c.req.valid('json') }
      : /^(application\/x-ndjson|text\/plain)/i.test(contentType)
        ? { text: await c.req.text() }
        : undefined;
  if (!body) throw new ApiError(415, 'unsupported_media_type', 'Send a form (data_list, data), JSON, or JSON lines (application/x-ndjson)');
  const decoded = decodeSensorsBody(body);
  if (!decoded) throw new ApiError(400, 'invalid_request', 'The body holds no Sensors Data records: send data_list (base64, gzip=1 when gzipped) or data');
  if (decoded.records.length > SENSORS_MAX_RECORDS) {
    throw new ApiError(400, 'invalid_request', `At most ${SENSORS_MAX_RECORDS} records a request; send an import file in parts`, [{ in: 'json', path: [], code: 'too_big', maximum: SENSORS_MAX_RECORDS }]);
  }
  const { events, indexes, refused } = readSensorsRecords(decoded.records, decoded.lines);
  const { ids, duplicates } = events.length > 0 ? await ingestEvents(c, events, (i) => [indexes[i]!, 'event']) : { ids: [], duplicates: 0 };
  return c.json({ accepted: ids.length, duplicates, refused }, 200);
};
