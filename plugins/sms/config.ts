import { configurationIssues, problemsText, z, type ConfigurationProblem, type PluginSetting } from '@journey/sdk';

type Env = Readonly<Record<string, string | undefined>>;

const set = (name: string) => z.string({ message: `${name} is not set` }).trim().min(1, { message: `${name} is empty` });
const endpoint = (fallback: string) => z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^https?$/ }).default(fallback));
const optional = z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().min(16, { message: 'SMS_CALLBACK_TOKEN is at least 16 characters' }).optional());

const ALIYUN_VARIABLES = ['ALIYUN_SMS_ACCESS_KEY_ID', 'ALIYUN_SMS_ACCESS_KEY_SECRET', 'ALIYUN_SMS_SIGN_NAME'] as const;
const TENCENT_VARIABLES = ['TENCENT_SMS_SECRET_ID', 'TENCENT_SMS_SECRET_KEY', 'TENCENT_SMS_SDK_APP_ID', 'TENCENT_SMS_SIGN_NAME'] as const;

const aliyunSchema = z.looseObject({
  ALIYUN_SMS_ACCESS_KEY_ID: set('ALIYUN_SMS_ACCESS_KEY_ID'),
  ALIYUN_SMS_ACCESS_KEY_SECRET: set('ALIYUN_SMS_ACCESS_KEY_SECRET'),
  ALIYUN_SMS_SIGN_NAME: set('ALIYUN_SMS_SIGN_NAME'),
  ALIYUN_SMS_ENDPOINT: endpoint('https://dysmsapi.aliyuncs.com'),
  SMS_CALLBACK_TOKEN: optional,
});

const tencentSchema = z.looseObject({
  TENCENT_SMS_SECRET_ID: set('TENCENT_SMS_SECRET_ID'),
  TENCENT_SMS_SECRET_KEY: set('TENCENT_SMS_SECRET_KEY'),
  TENCENT_SMS_SDK_APP_ID: set('TENCENT_SMS_SDK_APP_ID').regex(/^\d+$/, { message: 'TENCENT_SMS_SDK_APP_ID is a number (the SMS application’s SdkAppId, 1400…)' }),
  TENCENT_SMS_SIGN_NAME: set('TENCENT_SMS_SIGN_NAME'),
  TENCENT_SMS_ENDPOINT: endpoint('https://sms.tencentcloudapi.com'),
  TENCENT_SMS_REGION: z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().default('ap-guangzhou')),
  SMS_CALLBACK_TOKEN: optional,
});

/** What both carriers' configurations have. */
interface CommonConfig {
  signName: string;
  /** Without a trailing slash. */
  endpoint: string;
  /**
   * The secret the carrier's callback URLs carry (`?token=`): neither carrier signs its callbacks. Unset:
   * callbacks are refused and messages are `sent` once the carrier accepts them (no delivery receipts).
   */
  callbackToken: string | undefined;
}

/** Aliyun SMS (阿里云短信, dysmsapi). */
export interface AliyunSmsConfig extends CommonConfig {
  provider: 'aliyun';
  accessKeyId: string;
  accessKeySecret: string;
}

/** Tencent Cloud SMS (腾讯云短信, API 3.0). */
export interface TencentSmsConfig extends CommonConfig {
  provider: 'tencent';
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  region: string;
}

export type SmsConfig = AliyunSmsConfig | TencentSmsConfig;

const anySet = (env: Env, names: readonly string[]) => names.some((name) => (env[name] ?? '').trim() !== '');
const problems = (error: z.ZodError) => ({ problems: configurationIssues(error) });
const trimmed = (url: string) => url.replace(/\/+$/, '');

/**
 * The SMS configuration from the environment: one carrier, the one whose variables are set. `undefined`
 * when neither's are (the plugin stays inactive); the problems when some are set but not all well, or
 * when both carriers' are (the plugin sends through one).
 *
 * @example
 * ```ts
 * const config = readSmsConfig(process.env);
 * if (config && 'problems' in config) console.error(problemsText(config.problems));
 * ```
 */
export function readSmsConfig(env: Env): SmsConfig | { problems: ConfigurationProblem[] } | undefined {
  const aliyun = anySet(env, ALIYUN_VARIABLES);
  const tencent = anySet(env, TENCENT_VARIABLES);
  if (aliyun && tencent) return { problems: [{ message: 'Both ALIYUN_SMS_* and TENCENT_SMS_* are set: SMS goes through one carrier, set only its variables' }] };
  if (aliyun) {
    const parsed = aliyunSchema.safeParse(env);
    if (!parsed.success) return problems(parsed.error);
    const e = parsed.data;
    return {
      provider: 'aliyun',
      accessKeyId: e.ALIYUN_SMS_ACCESS_KEY_ID,
      accessKeySecret: e.ALIYUN_SMS_ACCESS_KEY_SECRET,
      signName: e.ALIYUN_SMS_SIGN_NAME,
      endpoint: trimmed(e.ALIYUN_SMS_ENDPOINT),
      callbackToken: e.SMS_CALLBACK_TOKEN,
    };
  }
  if (tencent) {
    const parsed = tencentSchema.safeParse(env);
    if (!parsed.success) return problems(parsed.error);
    const e = parsed.data;
    return {
      provider: 'tencent',
      secretId: e.TENCENT_SMS_SECRET_ID,
      secretKey: e.TENCENT_SMS_SECRET_KEY,
      sdkAppId: e.TENCENT_SMS_SDK_APP_ID,
      signName: e.TENCENT_SMS_SIGN_NAME,
      endpoint: trimmed(e.TENCENT_SMS_ENDPOINT),
      region: e.TENCENT_SMS_REGION,
      callbackToken: e.SMS_CALLBACK_TOKEN,
    };
  }
  return undefined;
}

/** The configuration, or an error naming what is wrong (for code that runs only when configured). */
export function smsConfig(env: Env): SmsConfig {
  const config = readSmsConfig(env);
  if (config === undefined) throw new Error('SMS is not configured: set the ALIYUN_SMS_* or the TENCENT_SMS_* variables');
  if ('problems' in config) throw new Error(`SMS is misconfigured: ${problemsText(config.problems)}`);
  return config;
}

/** What is wrong with an SMS configuration: nothing when it is fine or when no carrier's variables are set. */
export function smsConfigurationProblems(env: Env): ConfigurationProblem[] {
  const config = readSmsConfig(env);
  return config !== undefined && 'problems' in config ? config.problems : [];
}

const aliyunGroup = { 'zh-CN': '阿里云短信', en: 'Aliyun SMS' };
const tencentGroup = { 'zh-CN': '腾讯云短信', en: 'Tencent Cloud SMS' };

/** The variables the integrations page can set: one carrier's (fill in only one group), and the callbacks' token. */
export const smsSettings: readonly PluginSetting[] = [
  {
    name: 'ALIYUN_SMS_ACCESS_KEY_ID',
    label: { 'zh-CN': 'AccessKey ID', en: 'AccessKey ID' },
    secret: false,
    group: aliyunGroup,
    help: { 'zh-CN': '阿里云控制台 › AccessKey 管理（建议使用只有短信权限的 RAM 用户）', en: 'Aliyun console › AccessKey (best a RAM user allowed only SMS)' },
  },
  { name: 'ALIYUN_SMS_ACCESS_KEY_SECRET', label: { 'zh-CN': 'AccessKey Secret', en: 'AccessKey Secret' }, secret: true, group: aliyunGroup },
  {
    name: 'ALIYUN_SMS_SIGN_NAME',
    label: { 'zh-CN': '短信签名', en: 'Sign name' },
    secret: false,
    group: aliyunGroup,
    help: { 'zh-CN': '已审核通过的签名，如「鲸选商城」', en: 'An approved sign name, e.g. 鲸选商城' },
  },
  {
    name: 'TENCENT_SMS_SECRET_ID',
    label: { 'zh-CN': 'SecretId', en: 'SecretId' },
    secret: false,
    group: tencentGroup,
    help: { 'zh-CN': '腾讯云控制台 › 访问管理 › API 密钥', en: 'Tencent Cloud console › CAM › API keys' },
  },
  { name: 'TENCENT_SMS_SECRET_KEY', label: { 'zh-CN': 'SecretKey', en: 'SecretKey' }, secret: true, group: tencentGroup },
  {
    name: 'TENCENT_SMS_SDK_APP_ID',
    label: { 'zh-CN': '短信应用 SdkAppId', en: 'SMS SdkAppId' },
    secret: false,
    group: tencentGroup,
    help: { 'zh-CN': '短信控制台 › 应用管理，以 1400 开头的数字', en: 'SMS console › Applications: a number starting 1400' },
  },
  { name: 'TENCENT_SMS_SIGN_NAME', label: { 'zh-CN': '短信签名', en: 'Sign name' }, secret: false, group: tencentGroup },
  { name: 'TENCENT_SMS_REGION', label: { 'zh-CN': '地域', en: 'Region' }, secret: false, group: tencentGroup, help: { 'zh-CN': '默认 ap-guangzhou', en: 'ap-guangzhou when left empty' } },
  {
    name: 'SMS_CALLBACK_TOKEN',
    label: { 'zh-CN': '回调令牌', en: 'Callback token' },
    secret: true,
    group: { 'zh-CN': '回执和回复', en: 'Receipts and replies' },
    help: {
      'zh-CN': '至少 16 个字符；设置后才接收发送状态和上行回复，回调地址见上方状态',
      en: 'At least 16 characters; receipts and replies are taken only with it (the callback URLs are in the status above)',
    },
  },
];
