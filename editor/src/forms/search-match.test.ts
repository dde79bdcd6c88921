import { describe, expect, it } from 'vitest';
import { pinyinSearch, searchMatches } from './search-match.ts';

describe('searchMatches', () => {
  it('finds 抖音直播 by 抖音, 直播, full pinyin and initials, in any case', () => {
    for (const typed of ['抖音', '直播', 'douyin', 'zhibo', 'dyzb', 'DYZB', 'dy', ' douyin zhibo ']) expect(searchMatches('抖音直播', typed), typed).toBe(true);
  });

  it('does not find what is not there', () => {
    for (const typed of ['淘宝', 'tb', 'xyz']) expect(searchMatches('抖音直播', typed), typed).toBe(false);
    expect(searchMatches('Douyin live', 'taobao')).toBe(false);
  });

  it('matches Latin labels by substring and every label on empty input', () => {
    expect(searchMatches('Feed ads', 'feed')).toBe(true);
    expect(searchMatches('信息流广告', '')).toBe(true);
  });

  it('lets a select find an option by label or by its id', () => {
    const option = { value: 'douyin_live', label: '抖音直播' };
    expect(pinyinSearch.filterOption('dyzb', option)).toBe(true);
    expect(pinyinSearch.filterOption('douyin_l', option)).toBe(true);
    expect(pinyinSearch.filterOption('sms', option)).toBe(false);
  });
});
