import { createHash, createHmac } from 'node:crypto';
import type { TencentSmsConfig } from './config.ts';
import type { ChannelTemplate } from '@journey/sdk';
import { approvedTemplates, SmsRefused, templateFields, type SmsCarrier, type SmsRequest } from './sms-carrier.ts';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();

/** What a TC3-HMAC-SHA256 signature covers. */
export interface Tc3Request {
  secretId: string;
  secretKey: string;
  /** The product, the host's first label: `sms`. */
  service: string;
  /** Epoch seconds, as sent in `X-TC-Timestamp`; its UTC date is in the credential scope. */
  timestamp: number;
  /** The headers signed, by lower-case name (`content-type`, `host`, …), with their values. */
  headers: Readonly<Record<string, string>>;
  /** The JSON body, exactly as sent. */
  payload: string;
}

/**
 * Tencent Cloud API 3.0's `Authorization` header for a POST to `/` (TC3-HMAC-SHA256): the canonical
 * request (method, `/`, the empty query, the signed headers as `name:value` lines, their names, the
 * payload's SHA-256) is hashed into the string to sign, with the credential scope
 * `<date>/<service>/tc3_request`; the key is derived as HMAC("TC3" + key, date) → service →
 * `tc3_request`; the signature is the hex HMAC of the string to sign.
 *
 * @example
 * ```ts
 * tc3Authorization({ secretId, secretKey, service: 'sms', timestamp: 1551113065, headers: { 'content-type': 'application/json; charset=utf-8', host: 'sms.tencentcloudapi.com' }, payload });
 * // "TC3-HMAC-SHA256 Credential=AKID…/2019-02-25/sms/tc3_request, SignedHeaders=content-type;host, Signature=…"
 * ```
 */
export function tc3Authorization(request: Tc3Request): string {
  const names = Object.keys(request.headers).map((n) => n.toLowerCase()).sort();
  const value = (name: string) => Object.entries(request.headers).find(([n]) => n.toLowerCase() === name)![1].trim().toLowerCase();
  const signedHeaders = names.join(';');
  const canonicalRequest = ['POST', '/', '', names.map((n) => `${n}:${value(n)}\n`).join(''), signedHeaders, sha256(request.payload)].join('\n');
  const date = new Date(request.timestamp * 1000).toISOString().slice(0, 10);
  const scope = `${date}/${request.service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(request.timestamp), scope, sha256(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(`TC3${request.secretKey}`, date), request.service), 'tc3_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  return `TC3-HMAC-SHA256 Credential=${request.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

/**
 * Whether a Tencent Cloud error code is the request's own (a bad number or template, a refused content, an
 * unapproved sign, today's limit of the number used up): sending it again cannot change it. Tencent's
 * faults (`InternalError.*`), short limits (30 s, one hour, the application's) and access-key errors (the
 * operator's to fix) are retried.
 */
function permanentCode(code: string): boolean {
  if (code === 'LimitExceeded.PhoneNumberDailyLimit' || code === 'LimitExceeded.PhoneNumberSameContentDailyLimit') return true;
  return /^(FailedOperation|InvalidParameter|InvalidParameterValue|MissingParameter|UnauthorizedOperation|UnsupportedOperation)(\.|$)/.test(code);
}

interface SendStatus {
  SerialNo: string;
  PhoneNumber: string;
  Fee: number;
  SessionContext: string;
  Code: string;
  Message: string;
  IsoCode: string;
}

/** One template in `DescribeSmsTemplateList`'s answer; `StatusCode` 0 is approved and in effect, 1 under review, 2 approved but not yet in effect, -1 refused. */
interface TemplateStatus {
  TemplateId: number;
  TemplateName: string;
  TemplateContent: string;
  StatusCode: number;
  International: number;
}

/** DescribeSmsTemplateList's largest page (`Limit`), and how many pages are read at most. */
const TEMPLATE_PAGE_SIZE = 100;
const MAX_TEMPLATE_PAGES = 10;

/**
 * Tencent Cloud SMS (API 3.0, version 2021-01-11) `SendSms`: a signed JSON POST with the SdkAppId, the
 * sign name, the template id, its variables in order, the number in E.164 (`+86…`) and the outbox
 * message id as `SessionContext`.
 *
 * @example
 * ```ts
 * const { carrierId } = await new TencentSms(config, () => Date.now()).send({ phone, template: '1234567', params: ['1234'], reference: 'msg_1' });
 * ```
 */
export class TencentSms implements SmsCarrier {
  readonly provider = 'tencent';

  constructor(
    readonly config: TencentSmsConfig,
    readonly now: () => number,
    readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async send(request: SmsRequest, signal?: AbortSignal): Promise<{ carrierId: string }> {
    const answer = await this.#call<{ SendStatusSet?: SendStatus[] }>(
      'SendSms',
      {
        PhoneNumberSet: [`+${request.phone.digits}`],
        SmsSdkAppId: this.config.sdkAppId,
        SignName: this.config.signName,
        TemplateId: request.template,
        TemplateParamSet: orderedParams(request.params),
        SessionContext: request.reference,
      },
      signal,
    );
    const status = answer.SendStatusSet?.[0];
    if (!status) throw new Error('Tencent Cloud SMS answered no send status');
    if (status.Code === 'Ok') return { carrierId: status.SerialNo };
    throw new SmsRefused('tencent', status.Code, status.Message, permanentCode(status.Code));
  }

  /** `DescribeSmsTemplateList` of mainland templates, every page: those approved and in effect (`StatusCode` 0). */
  async templates(signal?: AbortSignal): Promise<ChannelTemplate[]> {
    return approvedTemplates({
      pageSize: TEMPLATE_PAGE_SIZE,
      maxPages: MAX_TEMPLATE_PAGES,
      page: async (index) => {
        const answer = await this.#call<{ DescribeTemplateStatusSet?: TemplateStatus[] }>(
          'DescribeSmsTemplateList',
          { International: 0, Limit: TEMPLATE_PAGE_SIZE, Offset: index * TEMPLATE_PAGE_SIZE },
          signal,
        );
        return { items: answer.DescribeTemplateStatusSet ?? [] };
      },
      approved: (t) =>
        t.StatusCode === 0 ? { id: String(t.TemplateId), name: t.TemplateName, content: t.TemplateContent, fields: templateFields('tencent', t.TemplateContent) } : undefined,
    });
  }

  /** A TC3-signed call of `action`; resolves with its `Response`, throws `SmsRefused` for its `Error`. */
  async #call<A>(action: string, body: Record<string, unknown>, signal: AbortSignal | undefined): Promise<A> {
    const payload = JSON.stringify(body);
    const url = new URL(`${this.config.endpoint}/`);
    const timestamp = Math.floor(this.now() / 1000);
    const signed = { 'content-type': 'application/json; charset=utf-8', host: url.host, 'x-tc-action': action.toLowerCase() };
    const res = await this.fetchImpl(url, {
      method: 'POST',
      headers: {
        Authorization: tc3Authorization({ secretId: this.config.secretId, secretKey: this.config.secretKey, service: 'sms', timestamp, headers: signed, payload }),
        'Content-Type': signed['content-type'],
        'X-TC-Action': action,
        'X-TC-Version': '2021-01-11',
        'X-TC-Timestamp': String(timestamp),
        'X-TC-Region': this.config.region,
      },
      body: payload,
      signal: signal ?? AbortSignal.timeout(10_000),
      redirect: 'error',
    });
    const answer = ((await res.json().catch(() => undefined)) as { Response?: A & { Error?: { Code: string; Message: string } } } | undefined)?.Response;
    if (!answer) throw new Error(`Tencent Cloud SMS answered HTTP ${res.status} without a JSON answer`);
    if (answer.Error) throw new SmsRefused('tencent', answer.Error.Code, answer.Error.Message, permanentCode(answer.Error.Code));
    return answer;
  }
}

/** Tencent templates number their variables `{1}`, `{2}`, …: an array as it is, an object keyed by those numbers in order. */
function orderedParams(params: SmsRequest['params']): string[] {
  if (Array.isArray(params)) return [...params];
  const keys = Object.keys(params);
  if (!keys.every((k) => /^[1-9]\d*$/.test(k))) {
    throw new SmsRefused('tencent', 'template_params', 'Tencent Cloud template variables go in order: write the message as a JSON array such as ["{{offer.code}}"], or an object keyed "1", "2", …', true);
  }
  return keys.sort((a, b) => Number(a) - Number(b)).map((k) => (params as Record<string, string>)[k]!);
}
