import { pinyin } from 'pinyin-pro';

const HAN = /\p{Script=Han}/u;

/**
 * What the contacts search matches a Chinese name by besides its characters: its pinyin from each
 * syllable on, whole and as initials (`王小明` → `wangxiaoming xiaoming ming wxm xm m`), so that a
 * marketer typing the start of it from any syllable (`xiaoming`, `wxm`, `xm`) finds the contact.
 * Surnames are read as surnames (`曾` as zeng). Empty for a name without Chinese characters, which the
 * search matches as it is; `null` for no name (and, in the store, for names stored before the key was kept).
 *
 * @example nameSearchKey('王小明') // "wangxiaoming xiaoming ming wxm xm m"
 */
export function nameSearchKey(name: string | null | undefined): string | null {
  if (name === null || name === undefined) return null;
  if (!HAN.test(name)) return '';
  const options = { toneType: 'none', type: 'array', surname: 'head', nonZh: 'removed' } as const;
  const fromEach = (syllables: string[]) => syllables.map((_, i) => syllables.slice(i).join(''));
  const syllables = pinyin(name, options).map(letters).filter(Boolean);
  const initials = pinyin(name, { ...options, pattern: 'first' }).map(letters).filter(Boolean);
  return [...fromEach(syllables), ...fromEach(initials)].join(' ');
}

const letters = (syllable: string) => syllable.toLowerCase().replace(/[^a-z]/g, '');

/** Whether a search can be pinyin: letters only (spaces between syllables allowed), as a marketer types it. */
export function isPinyinQuery(search: string): boolean {
  return /^[a-z]+( [a-z]+)*$/i.test(search.trim());
}

/** A pinyin query as the key holds it: lowercase, without the spaces between syllables. */
export function pinyinQuery(search: string): string {
  return search.trim().toLowerCase().replace(/ /g, '');
}

/** The `LIKE` patterns of a pinyin query: the start of the key, or of any of its words. */
export function pinyinPatterns(search: string): [string, string] {
  const query = pinyinQuery(search);
  return [`${query}%`, `% ${query}%`];
}
