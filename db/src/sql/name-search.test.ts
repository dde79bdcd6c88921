import { describe, expect, it } from 'vitest';
import { isPinyinQuery, nameSearchKey, pinyinPatterns, pinyinQuery } from './name-search.ts';

describe('name search keys', () => {
  it('keeps the pinyin of Chinese names whole and as initials, surnames read as surnames', () => {
    expect(nameSearchKey('王小明')).toBe('wangxiaoming xiaoming ming wxm xm m');
    expect(nameSearchKey('曾乐')).toBe('zengle le zl l');
    expect(nameSearchKey('Amy 李雷')).toBe('lilei lei ll l');
    expect(nameSearchKey('Li Lei')).toBe('');
    expect(nameSearchKey(null)).toBeNull();
  });

  it('takes letters (syllables spaced or not) as pinyin, nothing else', () => {
    expect(isPinyinQuery('Xiao Ming')).toBe(true);
    expect(pinyinQuery(' Xiao Ming ')).toBe('xiaoming');
    expect(pinyinPatterns('Xiao Ming')).toEqual(['xiaoming%', '% xiaoming%']);
    for (const q of ['王', '138', 'a_b', 'x%']) expect(isPinyinQuery(q)).toBe(false);
  });
});
