import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AliyunSms, aliyunSignature, percentEncode } from './aliyun-sms.ts';
import type { AliyunSmsConfig, TencentSmsConfig } from './config.ts';
import { parsePhone, phoneSpellings, SmsRefused } from './sms-carrier.ts';
import { tc3Authorization, TencentSms } from './tencent-sms.ts';
import { AliyunSmsDouble } from './testing/aliyun-double.ts';
import { TencentSmsDouble } from './testing/tencent-double.ts';

const phone = parsePhone('13800138000')!;
const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (err: unknown) => err);

describe('signatures, against the carriers’ documented examples', () => {
  it('signs Aliyun RPC requests as the SMS documentation’s SendSms example (signature v1, HMAC-SHA1)', () => {
    const params = {
      AccessKeyId: 'testId',
      Action: 'SendSms',
      Format: 'XML',
      OutId: '123',
      PhoneNumbers: '15300000001',
      RegionId: 'cn-hangzhou',
      SignName: '阿里云短信测试专用',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
      SignatureVersion: '1.0',
      TemplateCode: 'SMS_71390007',
      TemplateParam: '{"customer":"test"}',
      Timestamp: '2017-07-12T02:42:19Z',
      Version: '2017-05-25',
    };
    expect(aliyunSignature('GET', params, 'testSecret')).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
    expect(aliyunSignature('GET', { ...params, Signature: 'ignored' }, 'testSecret')).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
    expect([percentEncode('a b*~'), percentEncode("!'()")]).toEqual(['a%20b%2A~', '%21%27%28%29']);
  });

  it('signs Tencent Cloud API 3.0 requests as the TC3-HMAC-SHA256 documentation’s example', () => {
    const authorization = tc3Authorization({
      secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
      service: 'cvm',
      timestamp: 1551113065,
      headers: { 'content-type': 'application/json; charset=utf-8', host: 'cvm.tencentcloudapi.com' },
      payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
    });
    expect(authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
  });

  it('reads stored phone numbers as mainland or international mobile numbers', () => {
    expect(parsePhone('+86 138-0013-8000')).toEqual({ digits: '8613800138000', mainland: '13800138000' });
    expect(parsePhone('+85261234567')).toEqual({ digits: '85261234567', mainland: undefined });
    expect([parsePhone('010-12345678'), parsePhone('+8612345'), parsePhone('hello')]).toEqual([undefined, undefined, undefined]);
  });

  it('spells a number every way a contact\'s phone identity may hold it', () => {
    expect(phoneSpellings(parsePhone('+86 138-0013-8000')!)).toEqual(['13800138000', '+8613800138000', '8613800138000', '008613800138000']);
    expect(phoneSpellings(parsePhone('+85261234567')!)).toEqual(['+85261234567', '85261234567', '0085261234567']);
  });
});

describe('Aliyun SendSms against the double', () => {
  let double: AliyunSmsDouble;
  let config: AliyunSmsConfig;
  beforeEach(async () => {
    double = await new AliyunSmsDouble('LTAI5tTestKeyId', 'aliyun-test-secret', '鲸选商城').start();
    config = { provider: 'aliyun', accessKeyId: double.accessKeyId, accessKeySecret: double.accessKeySecret, signName: double.signName, endpoint: double.url, callbackToken: undefined };
  });
  afterEach(() => double.stop());
  const send = (overrides: Partial<AliyunSmsConfig> = {}, params: Record<string, string> | string[] = { code: '8848' }, template = 'SMS_154950909') =>
    new AliyunSms({ ...config, ...overrides }, () => Date.now()).send({ phone, template, params, reference: 'msg_1' });

  it('sends a signed SendSms with the number, sign, template code, TemplateParam JSON and OutId, and answers its BizId', async () => {
    const { carrierId } = await send();
    expect(double.sent).toEqual([{ bizId: carrierId, phoneNumbers: '13800138000', signName: '鲸选商城', templateCode: 'SMS_154950909', templateParam: { code: '8848' }, outId: 'msg_1' }]);
    expect(double.requests[0]).toMatchObject({ Action: 'SendSms', Version: '2017-05-25', Format: 'JSON', SignatureMethod: 'HMAC-SHA1', SignatureVersion: '1.0' });
  });

  it('is refused by the double with a wrong secret (the double checks the signature)', async () => {
    const err = await refusal(send({ accessKeySecret: 'wrong' }));
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', permanent: false });
  });

  it('tells permanent refusals (number, template variables) from those worth retrying (rate limit, Aliyun’s faults)', async () => {
    double.failNext.push('isv.BUSINESS_LIMIT_CONTROL', 'isp.SYSTEM_ERROR');
    expect(await refusal(send())).toMatchObject({ code: 'isv.BUSINESS_LIMIT_CONTROL', permanent: false });
    expect(await refusal(send())).toMatchObject({ code: 'isp.SYSTEM_ERROR', permanent: false });
    expect(await refusal(send({}, {}))).toMatchObject({ code: 'isv.TEMPLATE_MISSING_PARAMETERS', permanent: true });
    expect(await refusal(send({}, { code: '1' }, 'SMS_000'))).toMatchObject({ code: 'isv.SMS_TEMPLATE_ILLEGAL', permanent: true });
    expect(await refusal(send({ signName: '别家' }))).toMatchObject({ code: 'isv.SMS_SIGNATURE_ILLEGAL', permanent: true });
    const err = await refusal(send({}, ['8848']));
    expect(err).toBeInstanceOf(SmsRefused);
    expect(err).toMatchObject({ permanent: true });
    expect(double.sent).toEqual([]);
  });

  it('lists the approved templates of every QuerySmsTemplateList page, with the variables their content names', async () => {
    for (let i = 0; i < 55; i++) double.templates.set(`SMS_9${i}`, { name: `活动通知${i}`, content: '${name}，您的${coupon}券将于${date}到期，${name}快来用', status: i % 11 === 0 ? 'AUDIT_STATE_INIT' : 'AUDIT_STATE_PASS' });
    double.templates.set('SMS_REFUSED', { name: '未过审', content: '广告', status: 'AUDIT_STATE_NOT_PASS' });
    const templates = await new AliyunSms(config, () => Date.now()).templates();
    expect(templates).toHaveLength(1 + 55 - 5);
    expect(templates[0]).toEqual({ id: 'SMS_154950909', name: '登录验证码', content: '您的验证码为${code}，5分钟内有效，请勿泄露。', fields: [{ key: 'code' }] });
    expect(templates.find((t) => t.id === 'SMS_91')?.fields).toEqual([{ key: 'name' }, { key: 'coupon' }, { key: 'date' }]);
    expect(templates.map((t) => t.id)).not.toContain('SMS_REFUSED');
    expect(double.requests.map((r) => [r.Action, r.PageIndex, r.PageSize])).toEqual([
      ['QuerySmsTemplateList', '1', '50'],
      ['QuerySmsTemplateList', '2', '50'],
    ]);
  });

  it('refuses to list templates with a wrong secret, as Aliyun does', async () => {
    expect(await refusal(new AliyunSms({ ...config, accessKeySecret: 'wrong' }, () => Date.now()).templates())).toMatchObject({ code: 'SignatureDoesNotMatch' });
  });
});

describe('Tencent Cloud SendSms against the double', () => {
  let double: TencentSmsDouble;
  let config: TencentSmsConfig;
  beforeEach(async () => {
    double = await new TencentSmsDouble('AKIDtestSecretId', 'tencent-test-key', '1400787878', '鲸选商城').start();
    config = { provider: 'tencent', secretId: double.secretId, secretKey: double.secretKey, sdkAppId: double.sdkAppId, signName: double.signName, endpoint: double.url, region: 'ap-guangzhou', callbackToken: undefined };
  });
  afterEach(() => double.stop());
  const send = (overrides: Partial<TencentSmsConfig> = {}, params: Record<string, string> | string[] = ['8848'], template = '1234567') =>
    new TencentSms({ ...config, ...overrides }, () => Date.now()).send({ phone, template, params, reference: 'msg_1' });

  it('sends a TC3-signed SendSms with +86, the SdkAppId, sign, template id, variables in order and SessionContext, and answers its SerialNo', async () => {
    const { carrierId } = await send();
    expect(double.sent).toEqual([{ serialNo: carrierId, phoneNumber: '+8613800138000', signName: '鲸选商城', templateId: '1234567', templateParamSet: ['8848'], sessionContext: 'msg_1' }]);
    double.templates.set('7654321', { name: '到期提醒', content: '{1}，您的券{2}即将到期', status: 0 });
    await send({}, { 2: '8848', 1: '王小明' }, '7654321');
    expect(double.sent[1]!.templateParamSet).toEqual(['王小明', '8848']);
  });

  it('is refused by the double with a wrong key (the double checks the signature)', async () => {
    expect(await refusal(send({ secretKey: 'wrong' }))).toMatchObject({ code: 'AuthFailure.SignatureFailure', permanent: false });
  });

  it('fails for good on the number’s daily limit, failed operations and invalid values; retries Tencent’s internal errors', async () => {
    double.failNext.push('LimitExceeded.PhoneNumberDailyLimit');
    expect(await refusal(send())).toMatchObject({ code: 'LimitExceeded.PhoneNumberDailyLimit', permanent: true });
    double.errorNext.push('InternalError.Timeout');
    expect(await refusal(send())).toMatchObject({ code: 'InternalError.Timeout', permanent: false });
    expect(await refusal(send({ signName: '别家' }))).toMatchObject({ code: 'FailedOperation.SignatureIncorrectOrUnapproved', permanent: true });
    expect(await refusal(send({}, []))).toMatchObject({ code: 'InvalidParameterValue.TemplateParameterFormatError', permanent: true });
    expect(await refusal(send({}, { code: '8848' }))).toMatchObject({ code: 'template_params', permanent: true });
    expect(double.sent).toEqual([]);
  });

  it('lists the mainland templates in effect, page by page, with their {n} variables in order', async () => {
    double.templates.set('7654321', { name: '到期提醒', content: '{2}到期前记得使用，{1}', status: 0 });
    double.templates.set('7654322', { name: '审核中', content: '{1}', status: 1 });
    double.templates.set('7654323', { name: '被拒', content: '{1}', status: -1 });
    for (let i = 0; i < 120; i++) double.templates.set(String(8000000 + i), { name: `通知${i}`, content: '您好', status: 0 });
    const templates = await new TencentSms(config, () => Date.now()).templates();
    expect(templates).toHaveLength(2 + 120);
    expect(templates.slice(0, 2)).toEqual([
      { id: '1234567', name: '登录验证码', content: '您的验证码为{1}，5分钟内有效，请勿泄露。', fields: [{ key: '1' }] },
      { id: '7654321', name: '到期提醒', content: '{2}到期前记得使用，{1}', fields: [{ key: '1' }, { key: '2' }] },
    ]);
    expect(await refusal(new TencentSms({ ...config, secretKey: 'wrong' }, () => Date.now()).templates())).toMatchObject({ code: 'AuthFailure.SignatureFailure' });
  });
});
