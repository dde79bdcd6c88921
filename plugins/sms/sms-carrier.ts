import { PermanentDeliveryError } from '@journey/sdk';

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
