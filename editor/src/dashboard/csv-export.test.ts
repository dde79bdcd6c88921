import { describe, expect, it } from 'vitest';
import { toCsv } from './csv-export.ts';

describe('toCsv', () => {
  it('starts with a byte-order mark and ends every row with CRLF', () => {
    expect(toCsv(['渠道', '投入'], [['抖音直播', 300], ['信息流广告', null]])).toBe('\uFEFF渠道,投入\r\n抖音直播,300\r\n信息流广告,\r\n');
  });

  it('quotes cells holding commas, quotes, line breaks or edge spaces', () => {
    expect(toCsv(['a'], [['x,y'], ['say "hi"'], ['two\nlines'], [' padded']])).toBe('\uFEFFa\r\n"x,y"\r\n"say ""hi"""\r\n"two\nlines"\r\n" padded"\r\n');
  });
});
