import { match } from 'pinyin-pro';

const HAN = /\p{Script=Han}/u;

/**
 * Whether what someone typed finds a label: a piece of it in any case, or — for Chinese text — its
 * pinyin, whole or by initials and mixed (抖音直播 is found by 抖音, 直播, douyin, zhibo and dyzb).
 *
 * @example searchMatches('抖音直播', 'dyzb') // true
 */
export function searchMatches(label: string, input: string): boolean {
  const query = input.trim().toLowerCase();
  if (!query) return true;
  if (label.toLowerCase().includes(query)) return true;
  return HAN.test(label) && match(label, query.replace(/\s+/g, '')) !== null;
}

type SearchableOption = { label?: unknown; value?: unknown; title?: unknown } | undefined;

/**
 * antd `Select`'s `showSearch` that finds options by their label with `searchMatches`, or by their id
 * (`value`) for those who know it.
 *
 * @example <Select showSearch={pinyinSearch} options={options} />
 */
export const pinyinSearch = {
  filterOption: (input: string, option: SearchableOption) =>
    searchMatches(typeof option?.label === 'string' ? option.label : '', input) || String(option?.value ?? '').toLowerCase().includes(input.trim().toLowerCase()),
};
