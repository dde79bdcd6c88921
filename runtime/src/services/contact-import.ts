import type { ContactTraits, Store } from '@journey/db';
import { friendlyIssues, KEY_PATTERN, localized, parseCsv, recordIdSchema, tagSchema, type LocalizedText } from '@journey/nodes';
import { z } from 'zod';
import { InvalidInput } from '../domain-errors.ts';

/** Data rows per request: a larger file is sent in parts (the editor cuts it at row boundaries). */
export const MAX_IMPORT_ROWS = 1000;

/** The columns the import reads, and the headings it knows them by (English and Chinese); any other column is an attribute. */
const COLUMNS = {
  id: ['id', 'contactid', 'contact_id', '联系人id', '用户id'],
  name: ['name', '姓名', '名字', '名称'],
  phone: ['phone', 'mobile', '手机', '手机号', '电话'],
  email: ['email', 'e-mail', '邮箱', '电子邮箱'],
  tags: ['tags', 'tag', '标签'],
  attributes: ['attributes', '属性'],
  source: ['source', '来源', '渠道'],
} as const;
type Column = keyof typeof COLUMNS;

const columnOf = (heading: string): Column | undefined =>
  (Object.keys(COLUMNS) as Column[]).find((column) => (COLUMNS[column] as readonly string[]).includes(heading.trim().toLowerCase()));

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** One data row, by column; an empty cell is no value. */
const rowSchema = z.strictObject({
  id: optional(recordIdSchema),
  name: optional(z.string().trim().max(200)),
  phone: optional(
    z
      .string()
      .transform((v) => v.replace(/[\s-]/g, ''))
      .pipe(z.string().regex(/^\+?[0-9]{5,20}$/, localized({ en: 'Not a phone number (digits, an optional leading +)', 'zh-CN': '不是手机号（只能是数字，可以 + 开头）' }))),
  ),
  email: optional(z.email()),
  tags: optional(
    z
      .string()
      .transform((v) => v.split(/[;|,，；、]/).map((t) => t.trim()).filter((t) => t !== ''))
      .pipe(z.array(tagSchema).max(50)),
  ),
  attributes: optional(
    z
      .string()
      .transform((v, ctx) => {
        try {
          return JSON.parse(v) as unknown;
        } catch {
          ctx.addIssue({ code: 'custom', message: localized({ en: 'Not JSON: write attributes as {"city": "杭州"}', 'zh-CN': '不是 JSON：属性请写成 {"city": "杭州"}' }) });
          return z.NEVER;
        }
      })
      .pipe(z.record(z.string().max(200), z.unknown(), { error: localized({ en: 'Attributes are a JSON object: {"city": "杭州"}', 'zh-CN': '属性须是 JSON 对象：{"city": "杭州"}' }) })),
  ),
  source: optional(z.string().trim().regex(KEY_PATTERN, localized({ en: 'A source is letters, digits and _ . : - (such as douyin_live)', 'zh-CN': '来源只能包含字母、数字和 _ . : -（如 douyin_live）' }))),
});

/** A row the import left out: its row number in the file (the heading is row 1) and why, per column. */
export interface RefusedRow {
  row: number;
  problems: { column: string | null; message: LocalizedText }[];
}

const NO_ID: LocalizedText = { en: 'Needs an id or a phone to know the contact by', 'zh-CN': '需要 id 或手机号来识别联系人' };

/**
 * Imports contacts from CSV whose first row names the columns: `id` (else the phone is the id),
 * `name`, `phone`, `email`, `tags` (separated by `;`, `,`, `|` or `、`), `attributes` (a JSON object),
 * `source` (kept as the first source unless the contact has one), and any other column as an attribute
 * (headings may be Chinese: 姓名, 手机, 标签, 属性, 来源 …). Valid rows are written in one transaction —
 * name, attributes and identities as an event's traits would, tags added — and the others are reported.
 * `firstRow` is the file's row number of the first data row, for a file sent in parts.
 *
 * @throws InvalidInput when there is no heading row, it names no id, name or phone column, or there are
 *   more than `MAX_IMPORT_ROWS` rows
 */
export async function importContacts(store: Store, csv: string, firstRow: number, now: number): Promise<{ imported: number; refused: RefusedRow[] }> {
  const [heading, ...records] = parseCsv(csv);
  const columns = heading?.fields.map((h) => ({ heading: h.trim(), column: columnOf(h) })) ?? [];
  if (!columns.some((c) => c.column === 'id' || c.column === 'phone' || c.column === 'name')) {
    throw new InvalidInput('csv_heading_missing', 'The first row names the columns: id, name, phone, email, tags, attributes, source', [{ in: 'json', path: ['csv'] }]);
  }
  if (records.length > MAX_IMPORT_ROWS) {
    throw new InvalidInput('too_many_rows', `At most ${MAX_IMPORT_ROWS} rows a request; send the file in parts`, [{ in: 'json', path: ['csv'], code: 'too_big', maximum: MAX_IMPORT_ROWS }]);
  }
  const refused: RefusedRow[] = [];
  const rows: { id: string; traits: ContactTraits; tags: string[]; source: string | undefined }[] = [];
  records.forEach((record, index) => {
    const row = firstRow + index;
    const known: Record<string, string> = {};
    const extra: Record<string, string> = {};
    columns.forEach(({ heading: h, column }, i) => {
      const value = record.fields[i]?.trim() ?? '';
      if (column) known[column] = value;
      else if (h !== '' && value !== '') extra[h] = value;
    });
    const issues = friendlyIssues(rowSchema, known);
    if (issues.length > 0) {
      refused.push({ row, problems: issues.map((issue) => ({ column: typeof issue.path[0] === 'string' ? issue.path[0] : null, message: issue.message })) });
      return;
    }
    const parsed = rowSchema.parse(known);
    const id = parsed.id ?? parsed.phone;
    if (!id) {
      refused.push({ row, problems: [{ column: null, message: NO_ID }] });
      return;
    }
    const identities = { ...(parsed.phone ? { phone: parsed.phone } : {}), ...(parsed.email ? { email: parsed.email } : {}) };
    rows.push({ id, traits: { name: parsed.name, attributes: { ...extra, ...parsed.attributes }, identities }, tags: parsed.tags ?? [], source: parsed.source });
  });
  if (rows.length > 0) {
    await store.transaction(async (tx) => {
      await tx.contacts.applyTraits(rows.map((r) => ({ contactId: r.id, traits: r.traits })), now);
      for (const r of rows) if (r.tags.length > 0) await tx.contacts.upsert({ id: r.id, tags: r.tags }, now);
      await tx.contacts.keepFirstSource(rows.flatMap((r) => (r.source ? [{ contactId: r.id, source: r.source }] : [])), now);
    });
  }
  return { imported: rows.length, refused };
}
