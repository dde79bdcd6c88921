import { z } from 'zod';
import { localized } from './define-node.ts';

/**
 * The alphabets of the names the product stores things under and finds them by again — in URLs, in
 * queries and in the segment and analytics SQL — defined once. A name outside them (a lone surrogate,
 * a control character, `/`, `.` or `..` as a whole) could be stored but not fetched back, so it is
 * refused with a 400 naming the field.
 */

/**
 * Ids of records a client names or looks up: contact ids (phone numbers, e-mail addresses, WeCom
 * `external_userid`s, WeChat `openid`s…), the ids in URL paths, `messageId`s. Letters and digits of any
 * script and `_ . : @ + = -`, up to 200 characters, not `.` or `..`.
 */
export const RECORD_ID_PATTERN = /^(?!\.\.?$)[\p{L}\p{M}\p{N}_.:@+=-]{1,200}$/u;

/**
 * Machine names: node and edge ids, output ports, event types. ASCII letters, digits and `_ . : -`,
 * up to 100 characters.
 */
export const KEY_PATTERN = /^[A-Za-z0-9_.:-]{1,100}$/;

/**
 * Labels people type and filter by: tags. Any text without control or invisible format characters
 * (and so without lone surrogates) or line breaks, trimmed, 1–50 characters.
 */
export const LABEL_PATTERN = /^[^\p{C}\p{Zl}\p{Zp}]+$/u;

/**
 * The JSON Schema `pattern` of a `u`-flag regex: its source, which JSON Schema reads in Unicode mode (the
 * OpenAPI generator would otherwise write the flags into it).
 */
function unicodePattern(pattern: RegExp): { pattern: string } {
  return { pattern: pattern.source };
}

/**
 * A record id (`RECORD_ID_PATTERN`), trimmed.
 *
 * @example
 * ```ts
 * recordIdSchema.parse(' +8613800138000 '); // "+8613800138000"
 * recordIdSchema.safeParse('../etc').success; // false
 * ```
 */
export const recordIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(
    RECORD_ID_PATTERN,
    localized({ en: 'Letters, digits and _ . : @ + = - only', 'zh-CN': '只能包含文字、数字和 _ . : @ + = -' }),
  )
  .meta(unicodePattern(RECORD_ID_PATTERN));

/** An event type such as `order.paid` (`KEY_PATTERN`), trimmed. */
export const eventTypeSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(KEY_PATTERN, localized({ en: 'Letters, digits, and _ . : - only', 'zh-CN': '只能包含字母、数字和 _ . : -' }));

/** A tag on a contact (`LABEL_PATTERN`), trimmed. */
export const tagSchema = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(LABEL_PATTERN, localized({ en: 'No control characters or line breaks', 'zh-CN': '不能包含控制字符或换行' }))
  .meta(unicodePattern(LABEL_PATTERN));
