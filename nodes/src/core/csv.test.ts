import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';

describe('parseCsv', () => {
  it('reads quoted fields with commas, quotes and line breaks, CRLF, a BOM, and skips blank lines', () => {
    const text = '\ufeffname,phone,tags\r\n"王, 小明",13800000000,"vip;新客"\r\n\r\n"说""你好""","1\n2",\nlast,,';
    const records = parseCsv(text);
    expect(records.map((r) => r.fields)).toEqual([
      ['name', 'phone', 'tags'],
      ['王, 小明', '13800000000', 'vip;新客'],
      ['说"你好"', '1\n2', ''],
      ['last', '', ''],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 4, 6]);
    expect(text.slice(records[2]!.start, records[2]!.end)).toBe('"说""你好""","1\n2",');
  });

  it('reads an empty text as no records, and a last record without a line break', () => {
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('a,b').map((r) => r.fields)).toEqual([['a', 'b']]);
  });
});
