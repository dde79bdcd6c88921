import { createRoute, z } from '@hono/zod-openapi';
import { allow } from '../../../auth/middleware.ts';
import { MAX_IMPORT_ROWS } from '../../../services/contact-import.ts';
import { errorResponses } from '../../errors.ts';
import { jsonBody, jsonResponse } from '../../schemas.ts';

const localizedSchema = z.strictObject({ 'zh-CN': z.string(), en: z.string() });

export const importContacts = createRoute({
  method: 'post',
  path: '/contacts/import',
  tags: ['contacts'],
  summary: `Imports contacts from CSV (up to ${MAX_IMPORT_ROWS} rows a request); answers the rows it refused and why`,
  description:
    'The first row names the columns: id (else the phone is the contact id), name, phone, email, tags (separated by ; , | or 、), attributes (a JSON object), source (kept as the first source), and any other column as an attribute; Chinese headings (姓名, 手机, 标签, 属性, 来源) work too. Valid rows are stored in one transaction, the others listed by row number (the heading is row 1) with the reason in zh-CN and English. Send a larger file in parts, each with the heading row and `firstRow`, the row number of its first data row.',
  middleware: [allow('contacts:write')] as const,
  request: {
    body: jsonBody(
      z.strictObject({
        csv: z.string().min(1).openapi({ description: 'The CSV text, heading row first' }),
        firstRow: z.number().int().min(2).default(2).openapi({ description: 'The file row number of the first data row (2 for the first part)' }),
      }),
    ),
  },
  responses: {
    200: jsonResponse(
      z.strictObject({
        imported: z.number().int(),
        refused: z.array(
          z.strictObject({
            row: z.number().int(),
            problems: z.array(z.strictObject({ column: z.string().nullable(), message: localizedSchema })),
          }),
        ),
      }),
      'Imported; `refused` lists the rows left out',
    ),
    ...errorResponses(400, 401, 403, 413, 415),
  },
});
