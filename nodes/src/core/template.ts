import type { LocalizedText } from './define-node.ts';
/**
 * The longest text a template renders to, in characters (256 Ki). Channels take far less (see
 * `CHANNEL_MESSAGE_LIMITS`); the bound keeps a short template that repeats a large attribute from
 * building megabytes before anything can refuse it.
 */
export const MAX_RENDERED_LENGTH = 256 * 1024;

/** A render that would be longer than its bound; it fails the step that rendered. */
export class RenderTooLongError extends Error {
  constructor(readonly maxLength: number) {
    super(`The template renders to more than ${maxLength} characters`);
    this.name = 'RenderTooLongError';
  }
}

/**
 * Renders a logic-less template: `{{contact.name}}`, `{{offer.code}}`, `{{contact.attributes.city}}`,
 * with an optional fallback after a pipe: `{{contact.name | 朋友}}`. Nothing is evaluated; an unknown
 * or empty variable renders as its fallback, or as nothing. Stops and throws `RenderTooLongError` as
 * soon as the text would pass `maxLength` characters.
 *
 * @example
 * ```ts
 * renderTemplate('你好，{{contact.name | 朋友}}', { contact: { name: '小王' } }); // "你好，小王"
 * ```
 */
export function renderTemplate(template: string, context: Record<string, unknown>, maxLength = MAX_RENDERED_LENGTH): string {
  const parts: string[] = [];
  let length = 0;
  const append = (text: string) => {
    length += text.length;
    if (length > maxLength) throw new RenderTooLongError(maxLength);
    parts.push(text);
  };
  let from = 0;
  for (const match of template.matchAll(VARIABLE)) {
    append(template.slice(from, match.index));
    const [whole, path, fallback] = match as unknown as [string, string, string | undefined];
    const value = lookup(context, path);
    if (value === undefined || value === null || value === '') append(fallback?.trim() ?? '');
    else append(typeof value === 'object' ? JSON.stringify(value) : String(value));
    from = match.index + whole.length;
  }
  append(template.slice(from));
  return parts.join('');
}

/** The variable paths a template uses, e.g. for the editor to check them against the known ones. */
export function templateVariables(template: string): string[] {
  return [...template.matchAll(VARIABLE)].map((m) => m[1]!);
}

/** The variable paths a template uses without a fallback (`{{contact.name}}`, not `{{contact.name | 朋友}}`), once each. */
export function variablesWithoutFallback(template: string): string[] {
  return [...new Set([...template.matchAll(VARIABLE)].filter((m) => !m[2]?.trim()).map((m) => m[1]!))];
}

const VARIABLE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*(?:\|([^}]*))?\}\}/g;

function lookup(context: Record<string, unknown>, path: string): unknown {
  let value: unknown = context;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * Variables the template editor offers to insert. `fallback`: what the chip inserts after a pipe, for a
 * variable a contact may lack (a profile field); `from`: the node type upstream that fills it (an
 * `offer` node for `offer.*`), without which it renders empty.
 */
export const TEMPLATE_VARIABLES: readonly {
  path: string;
  title: LocalizedText;
  fallback?: LocalizedText;
  from?: string;
}[] = [
  { path: 'contact.name', title: { 'zh-CN': '联系人姓名', en: 'Contact name' }, fallback: { 'zh-CN': '朋友', en: 'friend' } },
  { path: 'contact.id', title: { 'zh-CN': '联系人编号', en: 'Contact id' } },
  { path: 'contact.attributes.city', title: { 'zh-CN': '城市（属性）', en: 'City (attribute)' }, fallback: { 'zh-CN': '你的城市', en: 'your city' } },
  { path: 'offer.name', title: { 'zh-CN': '权益名称', en: 'Offer name' }, from: 'offer' },
  { path: 'offer.code', title: { 'zh-CN': '券码', en: 'Offer code' }, from: 'offer' },
  { path: 'offer.value', title: { 'zh-CN': '权益面值', en: 'Offer value' }, from: 'offer' },
  { path: 'offer.terms', title: { 'zh-CN': '优惠规则（满减）', en: 'Offer terms (spend X, save Y)' }, from: 'offer' },
  { path: 'offer.expiresOn', title: { 'zh-CN': '权益到期日', en: 'Offer expiry date' }, from: 'offer' },
  { path: 'referral.code', title: { 'zh-CN': '邀请码', en: 'Referral code' }, from: 'referral_reward' },
  { path: 'referral.link', title: { 'zh-CN': '邀请链接', en: 'Referral link' }, from: 'referral_reward' },
  { path: 'event.type', title: { 'zh-CN': '触发事件', en: 'Trigger event' } },
];

/** Variables that always have a value: every run has a contact id and an event that started it. */
export const ALWAYS_SET_VARIABLES: ReadonlySet<string> = new Set(['contact.id', 'event.type']);
