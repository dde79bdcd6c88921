/**
 * A local double of Aliyun SMS's `SendSms` and `QuerySmsTemplateList` (dysmsapi 2017-05-25, RPC style) for tests: it checks the
 * request's signature v1 and common parameters as Aliyun does, answers with Aliyun's documented shapes and
 * error codes, keeps what it accepted, and writes the SmsReport and SmsUp callbacks Aliyun would push.
 * Nothing here reaches Aliyun.
 */
import { randomInt } from 'node:crypto';
import { aliyunSignature } from '../aliyun-sms.ts';
import { LocalServer, type DoubleAnswer, type ReceivedRequest } from './local-server.ts';

/** A message the double accepted. */
export interface AliyunSent {
  bizId: string;
  phoneNumbers: string;
  signName: string;
  templateCode: string;
  templateParam: Record<string, string>;
  outId: string | undefined;
}

const COMMON = ['AccessKeyId', 'Action', 'Format', 'RegionId', 'SignatureMethod', 'SignatureNonce', 'SignatureVersion', 'Timestamp', 'Version', 'Signature'];
/** A template of the account, as QuerySmsTemplateList lists it; its variables are the `${name}`s of its content. */
export interface AliyunTemplate {
  name: string;
  content: string;
  /** AUDIT_STATE_PASS (通过审核), AUDIT_STATE_INIT (审核中), AUDIT_STATE_NOT_PASS, AUDIT_SATE_CANCEL (sic). */
  status: 'AUDIT_STATE_PASS' | 'AUDIT_STATE_INIT' | 'AUDIT_STATE_NOT_PASS' | 'AUDIT_SATE_CANCEL';
}

const variablesOf = (content: string) => [...content.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]!);

/** How far Aliyun lets a request's Timestamp be from its clock. */
const CLOCK_SKEW_MS = 15 * 60_000;

export class AliyunSmsDouble {
  readonly sent: AliyunSent[] = [];
  /** Every request's parameters, as received. */
  readonly requests: Record<string, string>[] = [];
  /** The account's templates by code; only those that passed review send. */
  readonly templates = new Map<string, AliyunTemplate>([['SMS_154950909', { name: '登录验证码', content: '您的验证码为${code}，5分钟内有效，请勿泄露。', status: 'AUDIT_STATE_PASS' }]]);
  /** Codes the next sends answer, one each (`isv.BUSINESS_LIMIT_CONTROL`, `isp.SYSTEM_ERROR`, …). */
  readonly failNext: string[] = [];
  readonly #nonces = new Set<string>();
  readonly #server = new LocalServer((request) => this.#answer(request));

  constructor(
    readonly accessKeyId: string,
    readonly accessKeySecret: string,
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

  /** The SmsReport body Aliyun pushes for a message it accepted (HTTP batch push mode). */
  report(bizId: string, delivered: boolean): unknown[] {
    const sent = this.sent.find((s) => s.bizId === bizId);
    if (!sent) throw new Error(`The double sent no message ${bizId}`);
    return [
      {
        phone_number: sent.phoneNumbers,
        send_time: '2026-12-01 10:00:00',
        report_time: '2026-12-01 10:00:05',
        success: delivered,
        err_code: delivered ? 'DELIVERED' : 'MK:0001',
        err_msg: delivered ? '用户接收成功' : '用户手机号停机',
        sms_size: '1',
        biz_id: bizId,
        out_id: sent.outId,
      },
    ];
  }

  /** The SmsUp body Aliyun pushes when a number replies. */
  reply(phoneNumber: string, content: string, sequenceId = randomInt(1e9)): unknown[] {
    return [{ phone_number: phoneNumber, send_time: '2026-12-01 10:01:00', content, sign_name: this.signName, dest_code: '1234', sequence_id: sequenceId }];
  }

  #answer({ body }: ReceivedRequest): DoubleAnswer {
    const params = Object.fromEntries(new URLSearchParams(body));
    this.requests.push(params);
    const error = (status: number, Code: string, Message: string) => ({ status, json: { Code, Message, RequestId: 'req-double' } });
    const missing = COMMON.find((name) => !params[name]);
    if (missing) return error(400, 'MissingParameter', `${missing} is mandatory for this action.`);
    if (params.AccessKeyId !== this.accessKeyId) return error(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    if (params.SignatureMethod !== 'HMAC-SHA1' || params.SignatureVersion !== '1.0') return error(400, 'InvalidSignatureMethod', 'Specified signature method is not valid.');
    if (aliyunSignature('POST', params, this.accessKeySecret) !== params.Signature) return error(400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.');
    if (Math.abs(Date.parse(params.Timestamp!) - Date.now()) > CLOCK_SKEW_MS) return error(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    if (this.#nonces.has(params.SignatureNonce!)) return error(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    this.#nonces.add(params.SignatureNonce!);
    if (!['SendSms', 'QuerySmsTemplateList'].includes(params.Action!) || params.Version !== '2017-05-25') return error(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
    const ok = (json: Record<string, unknown>) => ({ status: 200, json: { RequestId: 'req-double', ...json } });
    if (params.Action === 'QuerySmsTemplateList') return ok(this.#templateList(params));
    const refused = (Code: string, Message: string) => ok({ Code, Message });
    const forced = this.failNext.shift();
    if (forced) return refused(forced, forced === 'isp.SYSTEM_ERROR' ? 'isp.SYSTEM_ERROR' : '触发号码天级流控Permits:10');
    if (!/^(1[3-9]\d{9}|[1-9]\d{7,14})$/.test(params.PhoneNumbers ?? '')) return refused('isv.MOBILE_NUMBER_ILLEGAL', '非法手机号');
    if (params.SignName !== this.signName) return refused('isv.SMS_SIGNATURE_ILLEGAL', '该账号下找不到对应签名');
    const template = this.templates.get(params.TemplateCode ?? '');
    if (template?.status !== 'AUDIT_STATE_PASS') return refused('isv.SMS_TEMPLATE_ILLEGAL', '该账号下找不到对应模板');
    let templateParam: Record<string, string> = {};
    try {
      templateParam = params.TemplateParam ? (JSON.parse(params.TemplateParam) as Record<string, string>) : {};
    } catch {
      return refused('isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值');
    }
    if (variablesOf(template.content).some((name) => typeof templateParam[name] !== 'string')) return refused('isv.TEMPLATE_MISSING_PARAMETERS', '模板缺少变量');
    const bizId = `${randomInt(1e9)}${Date.now()}^0`;
    this.sent.push({ bizId, phoneNumbers: params.PhoneNumbers!, signName: params.SignName, templateCode: params.TemplateCode!, templateParam, outId: params.OutId });
    return ok({ Code: 'OK', Message: 'OK', BizId: bizId });
  }

  /** A page of QuerySmsTemplateList (PageIndex from 1, PageSize 1–50, default 10), every review status. */
  #templateList(params: Record<string, string>): Record<string, unknown> {
    const index = Number(params.PageIndex ?? '1');
    const size = Number(params.PageSize ?? '10');
    if (!Number.isInteger(index) || index < 1 || !Number.isInteger(size) || size < 1 || size > 50) return { Code: 'isv.InvalidParameters', Message: 'PageIndex or PageSize is not valid' };
    const all = [...this.templates].map(([code, t]) => ({
      TemplateCode: code,
      TemplateName: t.name,
      TemplateContent: t.content,
      AuditStatus: t.status,
      TemplateType: 0,
      OuterTemplateType: 0,
      CreateDate: '2026-11-20 10:00:00',
      OrderId: '2003019000',
      Reason: { RejectInfo: t.status === 'AUDIT_STATE_NOT_PASS' ? '模板内容不规范' : '无审批备注', RejectDate: '', RejectSubInfo: '' },
    }));
    return { Code: 'OK', Message: 'OK', SmsTemplateList: all.slice((index - 1) * size, index * size), TotalCount: all.length, CurrentPage: index, PageSize: size };
  }
}
