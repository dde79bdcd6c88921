/**
 * The variables of a WeChat template (an Official Account template message, a mini-program subscribe
 * message) as its content names them — `{{first.DATA}}`, `{{thing1.DATA}}` — with the limits WeChat
 * documents for their kinds, for the form's fields.
 */

/** One variable of a carrier's template, as the form shows it (the SDK's channel-template contract). */
export interface TemplateField {
  key: string;
  label?: string;
  maxLength?: number;
  hint?: string;
}

/** An approved template the carrier holds: what `content_push`'s title names on the channel. */
export interface ChannelTemplate {
  id: string;
  name: string;
  content?: string;
  fields: TemplateField[];
}

/**
 * What WeChat takes in each kind of variable (the kind is the key without its number: `thing1` → `thing`).
 * `maxLength` is in characters, as WeChat counts them.
 */
export const FIELD_KINDS: Readonly<Record<string, { maxLength?: number; hint: string }>> = {
  thing: { maxLength: 20, hint: '20 characters at most: Chinese, letters, digits, symbols' },
  number: { maxLength: 32, hint: 'A number, 32 digits at most (decimals allowed)' },
  letter: { maxLength: 32, hint: 'Letters only, 32 at most' },
  symbol: { maxLength: 5, hint: 'Symbols only, 5 at most' },
  character_string: { maxLength: 32, hint: 'Digits, letters or symbols, 32 at most' },
  time: { hint: 'A 24-hour time, optionally with the date: 15:01, 2019年10月1日 15:01' },
  date: { hint: 'A date, optionally with a time: 2019年10月1日, 2019-10-01' },
  amount: { maxLength: 14, hint: 'A currency sign and up to 10 digits, decimals allowed, may end with 元: ¥99.50' },
  phone_number: { maxLength: 17, hint: 'A phone number, 17 digits and symbols at most: +86-0766-66888866' },
  car_number: { maxLength: 8, hint: 'A plate number, 8 characters at most: 粤A8Z888挂' },
  name: { maxLength: 20, hint: 'A name: 10 Chinese characters, or 20 letters, at most' },
  phrase: { maxLength: 5, hint: '5 Chinese characters at most, such as 配送中' },
  const: { hint: 'A fixed value the template defines' },
};

/**
 * The fields of a template's content, in order, each once: `{{thing1.DATA}}` → `{ key: 'thing1',
 * label: '商品名称', maxLength: 20, hint }`, the label being the text before it on its line (`商品名称：`).
 *
 * @example templateFields('{{first.DATA}}\n商品名称：{{thing1.DATA}}')
 * // [{ key: 'first' }, { key: 'thing1', label: '商品名称', maxLength: 20, hint: '20 characters at most…' }]
 */
export function templateFields(content: string): TemplateField[] {
  const fields: TemplateField[] = [];
  for (const line of content.split(/\r?\n|\\n/)) {
    for (const match of line.matchAll(/([^{}]*?)\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\.DATA\s*\}\}/g)) {
      const key = match[2]!;
      if (fields.some((f) => f.key === key)) continue;
      const label = match[1]!.trim().replace(/[：:]\s*$/, '').trim();
      const kind = FIELD_KINDS[key.replace(/\d+$/, '')];
      fields.push({
        key,
        ...(label === '' ? {} : { label }),
        ...(kind?.maxLength === undefined ? {} : { maxLength: kind.maxLength }),
        ...(kind === undefined ? {} : { hint: kind.hint }),
      });
    }
  }
  return fields;
}
