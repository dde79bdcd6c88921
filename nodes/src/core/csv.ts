/** One record of a CSV text: its fields, the line it starts on (1-based) and where it lies in the text. */
export interface CsvRecord {
  fields: string[];
  line: number;
  /** Offsets into the text: `text.slice(start, end)` is the record without its line break. */
  start: number;
  end: number;
}

/**
 * Reads CSV as spreadsheets write it (RFC 4180): fields split by `,`, quoted with `"` (a quoted field
 * may hold commas, line breaks and `""` for a quote), records ended by CRLF or LF; a UTF-8 byte order
 * mark is skipped and blank lines are left out. Shared by the editor (which sends a large file in parts,
 * cut at record boundaries) and the server (which reads each part).
 *
 * @example
 * ```ts
 * parseCsv('name,phone\n"王, 小明",138\n').map((r) => r.fields); // [['name', 'phone'], ['王, 小明', '138']]
 * ```
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < text.length) {
    const start = i;
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    for (; i < text.length; i++) {
      const ch = text[i]!;
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') {
          field += '"';
          i++;
        } else if (ch === '"') quoted = false;
        else {
          if (ch === '\n') line++;
          field += ch;
        }
      } else if (ch === '"' && field === '') quoted = true;
      else if (ch === ',') {
        fields.push(field);
        field = '';
      } else if (ch === '\n' || ch === '\r') break;
      else field += ch;
    }
    fields.push(field);
    const end = i;
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    if (fields.length > 1 || fields[0] !== '') records.push({ fields, line: startLine, start, end });
  }
  return records;
}
