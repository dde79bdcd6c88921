import { PermanentDeliveryError, type ChannelTemplate, type TemplateField } from '@journey/sdk';

/** A mobile number: its E.164 digits without `+` (`8613800138000`), and whether it is in mainland China. */
export interface PhoneNumber {
  digits: string;
  /** The 11-digit mainland number (`13800138000`), for carriers that take domestic numbers without +86. */
  mainland: string | undefined;
}

/**
 * The variables of an approved template: by name for Aliyun (`{"code":"1234"}` for `${code}`), in order for
 * Tencent Cloud (`["1234"]` for `{1}`; an object keyed `"1"`, `"2"`, … is taken in that order).
 */
export type TemplateParams = Readonly<Record<string, string>> | readonly string[];

/** One SMS as the plugin asks a carrier to send it. */
export interface SmsRequest {
  phone: PhoneNumber;
  /** The approved template: Aliyun's template code (`SMS_123456789`), Tencent Cloud's template id (`1234567`). */
  template: string;
  params: TemplateParams;
  /** Comes back with the carrier's delivery receipt (Aliyun `OutId`, Tencent `SessionContext`): the outbox message id. */
  reference: string;
}

/** A carrier through which the `sms` channel sends. */
export interface SmsCarrier {
  readonly provider: 'aliyun' | 'tencent';
  /** Resolves with the carrier's id of the send (Aliyun `BizId`, Tencent `SerialNo`) once it accepted it. */
  send(request: SmsRequest, signal?: AbortSignal): Promise<{ carrierId: string }>;
  /** The account's approved (审核通过) templates, with the variables their content names. */
  templates(signal?: AbortSignal): Promise<ChannelTemplate[]>;
}

/**
 * The variables a template's content names, each once, in order of appearance: Aliyun writes them
 * `${code}`, Tencent Cloud `{1}`, `{2}`, ….
 *
 * @example templateFields('aliyun', '您的验证码为${code}，${code}五分钟内有效') // [{ key: 'code' }]
 * @example templateFields('tencent', '{1}，您的券{2}即将到期') // [{ key: '1' }, { key: '2' }]
 */
export function templateFields(provider: SmsCarrier['provider'], content: string): TemplateField[] {
  const pattern = provider === 'aliyun' ? /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g : /\{([1-9]\d*)\}/g;
  const keys = [...new Set([...content.matchAll(pattern)].map((m) => m[1]!))];
  return (provider === 'tencent' ? keys.sort((a, b) => Number(a) - Number(b)) : keys).map((key) => ({ key }));
}

/**
 * The approved templates of a carrier's paged template list, page after page (`index` from 0) until one
 * comes back short of `pageSize` (or says it is the `last`) or `maxPages` were read; `approved` maps an
 * approved item to its template and leaves the others out.
 */
export async function approvedTemplates<Item>(list: {
  pageSize: number;
  maxPages: number;
  page(index: number): Promise<{ items: Item[]; last?: boolean }>;
  approved(item: Item): ChannelTemplate | undefined;
}): Promise<ChannelTemplate[]> {
  const approved: ChannelTemplate[] = [];
  for (let index = 0; index < list.maxPages; index++) {
    const { items, last } = await list.page(index);
    approved.push(...items.flatMap((item) => list.approved(item) ?? []));
    if (last || items.length < list.pageSize) break;
  }
  return approved;
}

/** A carrier's refusal: `permanent` when sending again cannot change it (a bad number, a template's missing variable). */
export class SmsRefused extends Error {
  override readonly name = 'SmsRefused';
  constructor(
    readonly provider: 'aliyun' | 'tencent',
    readonly code: string,
    readonly detail: string,
    readonly permanent: boolean,
  ) {
    super(`${provider === 'aliyun' ? 'Aliyun' : 'Tencent Cloud'} SMS refused the message (${code}): ${detail}`);
  }
}

/** What a delivery throws for a carrier's answer: a permanent refusal fails the message at once, anything else is retried. */
export function deliveryError(err: unknown): unknown {
  return err instanceof SmsRefused && err.permanent ? new PermanentDeliveryError(err.message) : err;
}

/**
 * A stored phone number (`13800138000`, `+86 138-0013-8000`, `+85261234567`) as carriers take it;
 * undefined when it is not one. A number without `+` or `00` is a mainland China mobile number.
 *
 * @example parsePhone('+86 138 0013 8000') // { digits: '8613800138000', mainland: '13800138000' }
 */
export function parsePhone(stored: string): PhoneNumber | undefined {
  const compact = stored.replace(/[\s().-]/g, '');
  const china = /^(?:\+86|0086|86)?(1[3-9]\d{9})$/.exec(compact);
  if (china) return { digits: `86${china[1]}`, mainland: china[1] };
  const international = /^(?:\+|00)([1-9]\d{6,14})$/.exec(compact);
  return international && !international[1]!.startsWith('86') ? { digits: international[1]!, mainland: undefined } : undefined;
}

/**
 * How a contact's phone identity may be written for a number (traits keep it as sent): the mainland
 * number bare and with its country code, an international one with `+`, `00` or neither.
 *
 * @example phoneSpellings({ digits: '8613800138000', mainland: '13800138000' }) // ['13800138000', '+8613800138000', '8613800138000', '008613800138000']
 */
export function phoneSpellings(phone: PhoneNumber): string[] {
  return [...(phone.mainland ? [phone.mainland] : []), `+${phone.digits}`, phone.digits, `00${phone.digits}`];
}
