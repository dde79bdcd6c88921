import { describe, expect, it } from 'vitest';
import { utf8Length } from './utf8.ts';

describe('utf8Length', () => {
  it('counts bytes as UTF-8 encodes them', () => {
    for (const text of ['', 'abc', 'é', '你好 a', '😀 emoji', 'mixed 字 and 🎉']) {
      expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
    }
  });

  it('counts a lone surrogate as its replacement character', () => {
    expect(utf8Length('a\ud800b')).toBe(5);
  });
});
