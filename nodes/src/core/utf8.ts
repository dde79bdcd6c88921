/**
 * The length of `text` in UTF-8 bytes, as it travels and is stored (browser-safe, no allocation).
 * A lone surrogate counts as the 3 bytes of its replacement character.
 *
 * @example
 * ```ts
 * utf8Length('你好 a'); // 8
 * ```
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
