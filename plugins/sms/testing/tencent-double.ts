/**
 * A local double of Tencent Cloud SMS's `SendSms` and `DescribeSmsTemplateList` (API 3.0, version 2021-01-11) for tests: it checks the
 * TC3-HMAC-SHA256 `Authorization` and the X-TC-* headers as Tencent Cloud does, answers with its documented
 * shapes and error codes (request errors in `Response.Error`, per-number ones in `SendStatusSet`), keeps
 * what it accepted, and writes the status and reply callbacks Tencent Cloud would make. Nothing here
 * reaches Tencent Cloud.
 */
import { randomUUID } from 'node:crypto';
import { tc3Authorization } from '../tencent-sms.ts';
import { LocalServer, type DoubleAnswer, type ReceivedRequest } from './local-server.ts';

/** A message the double accepted. */
export interface TencentSent {
  serialNo: string;
  phoneNumber: string;
  signName: string;
  templateId: string;
  templateParamSet: string[];
  sessionContext: string | undefined;
}

interface SendSmsBody {
  PhoneNumberSet?: string[];
  SmsSdkAppId?: string;
  SignName?: string;
  TemplateId?: string;
  TemplateParamSet?: string[];
  SessionContext?: string;
}

/** A mainland template of the account, as DescribeSmsTemplateList lists it; its variables are the `{n}`s of its content. */
export interface TencentTemplate {
  name: string;
  content: string;
  /** 0 approved and in effect, 1 under review, 2 approved but not yet in effect, -1 refused. */
  status: 0 | 1 | 2 | -1;
}

const variableCount = (content: string) => new Set([...content.matchAll(/\{([1-9]\d*)\}/g)].map((m) => m[1])).size;

interface TemplateListBody {
  International?: number;
  TemplateIdSet?: number[];
  Limit?: number;
  Offset?: number;
}

/** How far Tencent Cloud lets X-TC-Timestamp be from its clock. */
const CLOCK_SKEW_S = 300;

export class TencentSmsDouble {
  readonly sent: TencentSent[] = [];
  /** The account's templates by id; only those in effect (status 0) send. */
  readonly templates = new Map<string, TencentTemplate>([['1234567', { name: '登录验证码', content: '您的验证码为{1}，5分钟内有效，请勿泄露。', status: 0 }]]);
  /** Codes the next sends answer for their number, one each (`LimitExceeded.PhoneNumberDailyLimit`, …). */
  readonly failNext: string[] = [];
  /** Request-level error codes the next requests answer, one each (`InternalError.Timeout`, …). */
  readonly errorNext: string[] = [];
  readonly #server = new LocalServer((request) => this.#answer(request));

  constructor(
    readonly secretId: string,
    readonly secretKey: string,
    readonly sdkAppId: string,
    readonly signName: string,
  ) {}

  get url(): string {
    return this.#server.url;
  }

  async start(): Promise<this> {
    await this.#server.start();
    return this;
  }

  stop(): Promise<void> {
    return this.#server.stop();
  }

  /** The status callback body (短信下发状态通知) for a message the double accepted. */
  report(serialNo: string, delivered: boolean): unknown[] {
    const sent = this.sent.find((s) => s.serialNo === serialNo);
    if (!sent) throw new Error(`The double sent no message ${serialNo}`);
    return [
      {
        user_receive_time: '2026-12-01 10:00:05',
        nationcode: '86',
        mobile: sent.phoneNumber.replace(/^\+86/, ''),
        report_status: delivered ? 'SUCCESS' : 'FAIL',
        errmsg: delivered ? 'DELIVRD' : 'MK:0005',
        description: delivered ? '用户短信送达成功' : '用户手机号停机',
        sid: serialNo,
      },
    ];
  }

  /** The reply callback body (短信回复) when a number in mainland China replies. */
  reply(mobile: string, text: string, time = Math.floor(Date.now() / 1000)): unknown {
    return { extend: '', mobile, nationcode: '86', sign: this.signName, text, time };
  }

  #answer({ headers, body }: ReceivedRequest): DoubleAnswer {
    const respond = (response: Record<string, unknown>) => ({ status: 200, json: { Response: { ...response, RequestId: randomUUID() } } });
    const error = (Code: string, Message: string) => respond({ Error: { Code, Message } });
    const header = (name: string) => {
      const value = headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const authorization = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/(\w+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}$/.exec(header('authorization') ?? '');
    if (!authorization) return error('AuthFailure.InvalidAuthorization', 'Authorization is not a TC3-HMAC-SHA256 signature.');
    const [, secretId, , service, signedNames] = authorization;
    if (secretId !== this.secretId) return error('AuthFailure.SecretIdNotFound', 'The SecretId is not found.');
    const timestamp = Number(header('x-tc-timestamp'));
    if (!Number.isInteger(timestamp) || Math.abs(timestamp - Date.now() / 1000) > CLOCK_SKEW_S) return error('AuthFailure.SignatureExpire', 'Signature expired.');
    const names = signedNames!.split(';');
    if (!names.includes('content-type') || !names.includes('host')) return error('AuthFailure.InvalidAuthorization', 'SignedHeaders must include content-type and host.');
    const signed = Object.fromEntries(names.map((name) => [name, header(name) ?? '']));
    if (tc3Authorization({ secretId: this.secretId, secretKey: this.secretKey, service: service!, timestamp, headers: signed, payload: body }) !== header('authorization')) {
      return error('AuthFailure.SignatureFailure', 'The provided credentials could not be validated. Please check your signature is correct.');
    }
    const action = header('x-tc-action');
    if (service !== 'sms' || (action !== 'SendSms' && action !== 'DescribeSmsTemplateList')) return error('InvalidAction', 'The action is not supported.');
    if (header('x-tc-version') !== '2021-01-11') return error('NoSuchVersion', 'The API version does not exist.');
    if (!header('x-tc-region')) return error('MissingParameter', 'The X-TC-Region header is required.');
    const forced = this.errorNext.shift();
    if (forced) return error(forced, 'The request timed out inside Tencent Cloud.');
    if (action === 'DescribeSmsTemplateList') return this.#templateList(JSON.parse(body) as TemplateListBody, respond, error);
    const request = JSON.parse(body) as SendSmsBody;
    if (request.SmsSdkAppId !== this.sdkAppId) return error('InvalidParameterValue.SdkAppIdNotExist', 'The SdkAppId does not exist.');
    if (request.SignName !== this.signName) return error('FailedOperation.SignatureIncorrectOrUnapproved', 'The signature is not approved or incorrectly formatted.');
    const template = this.templates.get(request.TemplateId ?? '');
    if (template?.status !== 0) return error('FailedOperation.TemplateIncorrectOrUnapproved', 'The template is not approved or incorrectly formatted.');
    if ((request.TemplateParamSet ?? []).length !== variableCount(template.content)) return error('InvalidParameterValue.TemplateParameterFormatError', 'The template parameters do not match the template.');
    const statuses = (request.PhoneNumberSet ?? []).map((phoneNumber) => {
      const status = { SerialNo: '', PhoneNumber: phoneNumber, Fee: 0, SessionContext: request.SessionContext ?? '', IsoCode: 'CN' };
      const code = this.failNext.shift() ?? (/^\+[1-9]\d{7,14}$/.test(phoneNumber) ? 'Ok' : 'InvalidParameterValue.IncorrectPhoneNumber');
      if (code !== 'Ok') return { ...status, Code: code, Message: code === 'LimitExceeded.PhoneNumberDailyLimit' ? 'the number of sms messages sent from a single mobile number every day exceeds the upper limit' : 'incorrect phone number' };
      const serialNo = `2640:${Date.now()}${this.sent.length}`;
      this.sent.push({ serialNo, phoneNumber, signName: request.SignName!, templateId: request.TemplateId!, templateParamSet: request.TemplateParamSet ?? [], sessionContext: request.SessionContext });
      return { ...status, SerialNo: serialNo, Fee: 1, Code: 'Ok', Message: 'send success' };
    });
    return respond({ SendStatusSet: statuses });
  }

  /** DescribeSmsTemplateList: the templates of TemplateIdSet, or a page of them all (Limit ≤ 100 from Offset). */
  #templateList(request: TemplateListBody, respond: (r: Record<string, unknown>) => DoubleAnswer, error: (code: string, message: string) => DoubleAnswer): DoubleAnswer {
    if (request.International !== 0 && request.International !== 1) return error('MissingParameter', 'The International parameter is required.');
    const ids = request.TemplateIdSet ?? [];
    if (ids.length === 0 && (request.Limit ?? 0) > 100) return error('InvalidParameter', 'Limit is at most 100.');
    const all = request.International === 1 ? [] : [...this.templates].map(([id, t]) => ({
      TemplateId: Number(id),
      TemplateName: t.name,
      TemplateContent: t.content,
      International: 0,
      StatusCode: t.status,
      ReviewReply: t.status === -1 ? '模板内容不规范' : '',
      CreateTime: 1763604000,
    }));
    const offset = request.Offset ?? 0;
    const set = ids.length > 0 ? all.filter((t) => ids.includes(t.TemplateId)) : all.slice(offset, offset + (request.Limit ?? 0));
    return respond({ DescribeTemplateStatusSet: set });
  }
}
