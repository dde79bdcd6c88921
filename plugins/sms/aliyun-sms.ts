import { createHmac, randomUUID } from 'node:crypto';
import type { AliyunSmsConfig } from './config.ts';
import type { ChannelTemplate } from '@journey/sdk';
import { approvedTemplates, SmsRefused, templateFields, type SmsCarrier, type SmsRequest } from './sms-carrier.ts';

/**
 * RFC 3986 percent-encoding as Aliyun's RPC signature wants it: everything but `A–Z a–z 0–9 - _ . ~`,
 * UTF-8, upper-case hex (so a space is `%20`, `*` is `%2A`, `~` stays).
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Aliyun's RPC signature v1 (HMAC-SHA1): the parameters but `Signature` sorted by name, percent-encoded
 * as `name=value` pairs joined by `&`; the string to sign is `METHOD&%2F&` + that query, percent-encoded
 * again; the key is the AccessKey secret followed by `&`; the signature is the HMAC's Base64.
 *
 * @example
 * ```ts
 * aliyunSignature('POST', { Action: 'SendSms', AccessKeyId: 'testId', ... }, 'testSecret');
 * ```
 */
export function aliyunSignature(method: 'GET' | 'POST', params: Readonly<Record<string, string>>, accessKeySecret: string): string {
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
}

/** The parameters but `Signature`, sorted by name, percent-encoded: the query Aliyun signs. */
export function canonicalQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((name) => name !== 'Signature')
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name]!)}`)
    .join('&');
}

/**
 * Aliyun error codes that a later attempt can get past: rate and daily limits (流控), the account's
 * balance (once topped up), Aliyun's own faults (`isp.*`). Every other `isv.*` code is the request's
 * (a bad number, a template's missing variable, an unapproved sign or template): permanent. Access-key
 * and signature errors are the operator's to fix and are retried meanwhile.
 */
const RETRIED = new Set(['isv.BUSINESS_LIMIT_CONTROL', 'isv.DAY_LIMIT_CONTROL', 'isv.AMOUNT_NOT_ENOUGH', 'isv.OUT_OF_SERVICE']);

/** Aliyun's answer to `SendSms`: `Code` is `OK` when it accepted the message. */
interface SendSmsAnswer {
  Code: string;
  Message?: string;
  BizId?: string;
  RequestId?: string;
}

/** Aliyun's answer to `QuerySmsTemplateList`: a page of the account's templates, whatever their review status. */
interface TemplateListAnswer {
  Code: string;
  Message?: string;
  SmsTemplateList?: { TemplateCode: string; TemplateName: string; TemplateContent: string; AuditStatus: string }[];
  TotalCount?: number;
}

/** QuerySmsTemplateList's largest page, and how many pages are read at most (a thousand templates). */
const TEMPLATE_PAGE_SIZE = 50;
const MAX_TEMPLATE_PAGES = 20;

/**
 * Aliyun SMS (dysmsapi 2017-05-25) `SendSms`, RPC style: a signed form POST to the endpoint with the
 * mainland number (or the international one with its country code), the sign name, the template code, its
 * variables as `TemplateParam` JSON and the outbox message id as `OutId`.
 *
 * @example
 * ```ts
 * const { carrierId } = await new AliyunSms(config, () => Date.now()).send({ phone, template: 'SMS_1', params: { code: '1234' }, reference: 'msg_1' });
 * ```
 */
export class AliyunSms implements SmsCarrier {
  readonly provider = 'aliyun';

  constructor(
    readonly config: AliyunSmsConfig,
    readonly now: () => number,
    readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async send(request: SmsRequest, signal?: AbortSignal): Promise<{ carrierId: string }> {
    if (Array.isArray(request.params)) {
      throw new SmsRefused('aliyun', 'template_params', 'Aliyun template variables go by name: write the message as a JSON object such as {"code":"{{offer.code}}"}', true);
    }
    const answer = await this.#call<SendSmsAnswer>(
      'SendSms',
      {
        PhoneNumbers: request.phone.mainland ?? request.phone.digits,
        SignName: this.config.signName,
        TemplateCode: request.template,
        OutId: request.reference,
        ...(Object.keys(request.params).length > 0 ? { TemplateParam: JSON.stringify(request.params) } : {}),
      },
      signal,
    );
    if (answer.BizId) return { carrierId: answer.BizId };
    throw new Error('Aliyun SMS accepted the message without a BizId');
  }

  /** `QuerySmsTemplateList`, every page: the templates that passed review (`AUDIT_STATE_PASS`). */
  async templates(signal?: AbortSignal): Promise<ChannelTemplate[]> {
    return approvedTemplates({
      pageSize: TEMPLATE_PAGE_SIZE,
      maxPages: MAX_TEMPLATE_PAGES,
      page: async (index) => {
        const answer = await this.#call<TemplateListAnswer>('QuerySmsTemplateList', { PageIndex: String(index + 1), PageSize: String(TEMPLATE_PAGE_SIZE) }, signal);
        return { items: answer.SmsTemplateList ?? [], last: (index + 1) * TEMPLATE_PAGE_SIZE >= (answer.TotalCount ?? 0) };
      },
      approved: (t) =>
        t.AuditStatus === 'AUDIT_STATE_PASS' ? { id: t.TemplateCode, name: t.TemplateName, content: t.TemplateContent, fields: templateFields('aliyun', t.TemplateContent) } : undefined,
    });
  }

  /** A signed RPC call; resolves with the answer when its `Code` is `OK`, throws `SmsRefused` otherwise. */
  async #call<A extends { Code: string; Message?: string }>(action: string, actionParams: Record<string, string>, signal: AbortSignal | undefined): Promise<A> {
    const params: Record<string, string> = {
      AccessKeyId: this.config.accessKeyId,
      Action: action,
      Format: 'JSON',
      RegionId: 'cn-hangzhou',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: randomUUID(),
      SignatureVersion: '1.0',
      Timestamp: new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      Version: '2017-05-25',
      ...actionParams,
    };
    const body = `${canonicalQuery(params)}&Signature=${percentEncode(aliyunSignature('POST', params, this.config.accessKeySecret))}`;
    const res = await this.fetchImpl(`${this.config.endpoint}/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
      signal: signal ?? AbortSignal.timeout(10_000),
      redirect: 'error',
    });
    const answer = (await res.json().catch(() => undefined)) as A | undefined;
    if (!answer || typeof answer.Code !== 'string') throw new Error(`Aliyun SMS answered HTTP ${res.status} without a JSON answer`);
    if (answer.Code === 'OK') return answer;
    const permanent = answer.Code.startsWith('isv.') && !RETRIED.has(answer.Code);
    throw new SmsRefused('aliyun', answer.Code, answer.Message ?? 'no message', permanent);
  }
}
