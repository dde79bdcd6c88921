import { z } from 'zod';
import { translateMessage, type Locale, type LocalizedText } from './define-node.ts';

type RawIssue = Parameters<z.core.$ZodErrorMap>[0];

const LOCALE_MAPS: Record<Locale, z.core.$ZodErrorMap> = {
  'zh-CN': z.locales.zhCN().localeError,
  en: z.locales.en().localeError,
};

const text = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });

/** The sentence a marketer reads for the common zod issues; `undefined` leaves it to zod's locale. */
function friendly(issue: RawIssue): LocalizedText | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null || issue.input === '') return text('请填写此项', 'Please fill this in');
      if (issue.expected === 'number' || issue.expected === 'int') return text('请填写数字', 'Enter a number');
      return text('格式不正确，请重新填写', 'This value has the wrong form');
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') {
        return min <= 1 ? text('请填写此项', 'Please fill this in') : text(`至少 ${min} 个字`, `At least ${min} characters`);
      }
      if (issue.origin === 'array' || issue.origin === 'set') return text(`请至少添加 ${min} 项`, `Add at least ${min}`);
      return issue.inclusive ? text(`不能小于 ${min}`, `Must be at least ${min}`) : text(`必须大于 ${min}`, `Must be more than ${min}`);
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return text(`最多 ${max} 个字`, `At most ${max} characters`);
      if (issue.origin === 'array' || issue.origin === 'set') return text(`最多 ${max} 项`, `At most ${max} items`);
      return issue.inclusive ? text(`不能大于 ${max}`, `Must be at most ${max}`) : text(`必须小于 ${max}`, `Must be less than ${max}`);
    }
    case 'invalid_value':
      return text('请从列表中选择', 'Choose one of the options');
    case 'invalid_union':
      return text('请选择一种类型并填写', 'Choose a kind and fill it in');
    case 'invalid_format':
      return issue.format === 'url' ? text('请填写完整的网址', 'Enter a full web address') : undefined;
    case 'invalid_key': {
      // A record key that fails its schema: say why, not only that it is a bad key.
      const reason = issue.issues[0]?.message;
      return reason ? text(translateMessage(reason, reason), reason) : undefined;
    }
    case 'unrecognized_keys':
      return text(`不认识的字段：${issue.keys.join('、')}`, `Unknown field: ${issue.keys.join(', ')}`);
    default:
      return undefined;
  }
}

/**
 * A zod error map that words the common issues for marketers ("请填写此项" rather than
 * "期望 string，实际接收 undefined") and leaves the rest to zod's own locale. Messages a schema
 * sets itself (see `localized`) still win.
 *
 * @example
 * ```ts
 * schema.safeParse(config, { error: friendlyErrorMap('zh-CN') });
 * ```
 */
export function friendlyErrorMap(locale: Locale): z.core.$ZodErrorMap {
  return (issue) => friendly(issue)?.[locale] ?? LOCALE_MAPS[locale](issue);
}

/** One issue of a failed parse, worded in both languages. */
export interface FriendlyIssue {
  path: (string | number)[];
  message: LocalizedText;
}

/**
 * The issues of `value` by `schema`, each in zh-CN and English; `[]` when it is valid.
 *
 * @example
 * ```ts
 * friendlyIssues(contentPushSpec.config, { channel: 'sms' });
 * // [{ path: ['template'], message: { 'zh-CN': '请填写此项', en: 'Please fill this in' } }]
 * ```
 */
export function friendlyIssues(schema: z.ZodType, value: unknown): FriendlyIssue[] {
  const en = schema.safeParse(value, { error: friendlyErrorMap('en') });
  if (en.success) return [];
  const zh = schema.safeParse(value, { error: friendlyErrorMap('zh-CN') }).error?.issues ?? [];
  return en.error.issues.map((issue, i) => {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    return {
      // An unknown key is located at the key itself, so the editor and the API point at it.
      path: issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? [...path, issue.keys[0]!] : path,
      message: { en: issue.message, 'zh-CN': translateMessage(issue.message, zh[i]?.message ?? issue.message) },
    };
  });
}
