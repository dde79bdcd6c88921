import { configurationIssues, problemsText, z, type ConfigurationProblem, type PluginSetting } from '@journey/sdk';

type Env = Readonly<Record<string, string | undefined>>;

const set = (name: string) => z.string({ message: `${name} is not set` }).trim().min(1, { message: `${name} is empty` });
const blankIsUnset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/**
 * The variables every WeChat app (the Official Account, the mini-program) is configured with, under its
 * prefix: `<prefix>_APP_ID`, `_APP_SECRET`, the callback `_TOKEN` (`tokenWhere`: where WeChat takes it),
 * the `_ENCODING_AES_KEY` of safe mode, and the shared `WECHAT_API_ENDPOINT`.
 */
export function wechatAppSchema(prefix: 'WECHAT_OA' | 'WECHAT_MINI', tokenWhere: string) {
  return {
    [`${prefix}_APP_ID`]: set(`${prefix}_APP_ID`).regex(/^wx[0-9a-f]{16}$/, { message: `${prefix}_APP_ID is the AppID, wx and 16 hex digits` }),
    [`${prefix}_APP_SECRET`]: set(`${prefix}_APP_SECRET`),
    [`${prefix}_TOKEN`]: set(`${prefix}_TOKEN`).regex(/^[A-Za-z0-9]{3,32}$/, { message: `${prefix}_TOKEN is 3 to 32 letters and digits, as ${tokenWhere} takes it` }),
    [`${prefix}_ENCODING_AES_KEY`]: z.preprocess(blankIsUnset, z.string().regex(/^[A-Za-z0-9]{43}$/, { message: `${prefix}_ENCODING_AES_KEY is 43 letters and digits` }).optional()),
    WECHAT_API_ENDPOINT: z.preprocess(blankIsUnset, z.url({ protocol: /^https?$/, message: 'WECHAT_API_ENDPOINT is an http(s) URL' }).default('https://api.weixin.qq.com')),
  };
}

/** Whether any of an app's own variables is set (else the app is simply not configured). */
export function anyAppVariableSet(prefix: 'WECHAT_OA' | 'WECHAT_MINI', env: Env): boolean {
  return ['APP_ID', 'APP_SECRET', 'TOKEN', 'ENCODING_AES_KEY'].some((name) => (env[`${prefix}_${name}`] ?? '').trim() !== '');
}

/** What an app's parsed variables give every app's configuration. */
export function appConfig(prefix: 'WECHAT_OA' | 'WECHAT_MINI', e: Record<string, unknown>): WechatAppCredentials & { token: string; encodingAesKey: string | undefined } {
  return {
    appId: e[`${prefix}_APP_ID`] as string,
    appSecret: e[`${prefix}_APP_SECRET`] as string,
    token: e[`${prefix}_TOKEN`] as string,
    encodingAesKey: e[`${prefix}_ENCODING_AES_KEY`] as string | undefined,
    endpoint: (e.WECHAT_API_ENDPOINT as string).replace(/\/+$/, ''),
  };
}

/**
 * The Official Account variables. `WECHAT_OA_TOKEN` and `WECHAT_OA_ENCODING_AES_KEY` are the server
 * configuration's (服务器配置) Token and EncodingAESKey; the key is only needed in safe mode (安全模式) or
 * compatible mode. `WECHAT_API_ENDPOINT` is the operator's own (a proxy, or a test double). The environment
 * holds every other variable too: these are picked out.
 */
const envSchema = z.looseObject(wechatAppSchema('WECHAT_OA', 'the Official Account platform'));

/** Where WeChat's server API is, for one app (an Official Account, a mini-program). */
export interface WechatAppCredentials {
  appId: string;
  appSecret: string;
  /** Without a trailing slash. */
  endpoint: string;
}

/** The Official Account integration's configuration. */
export interface OfficialAccountConfig extends WechatAppCredentials {
  /** The callback Token (服务器配置 → 令牌). */
  token: string;
  /** The EncodingAESKey of safe mode; undefined in plaintext mode. */
  encodingAesKey: string | undefined;
}

/**
 * The configuration from the environment: `undefined` when no `WECHAT_OA_*` variable is set (the plugin
 * stays inactive), the problems when some are set but not all well.
 *
 * @example
 * ```ts
 * const config = readOfficialAccountConfig(process.env);
 * if (config && 'problems' in config) console.error(problemsText(config.problems));
 * ```
 */
export function readOfficialAccountConfig(env: Env): OfficialAccountConfig | { problems: ConfigurationProblem[] } | undefined {
  if (!anyAppVariableSet('WECHAT_OA', env)) return undefined;
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) return { problems: configurationIssues(parsed.error) };
  return appConfig('WECHAT_OA', parsed.data);
}

/** The configuration, or an error naming what is wrong (for code that runs only when configured). */
export function officialAccountConfig(env: Env): OfficialAccountConfig {
  const config = readOfficialAccountConfig(env);
  if (config === undefined) throw new Error('The Official Account is not configured: set WECHAT_OA_APP_ID, WECHAT_OA_APP_SECRET and WECHAT_OA_TOKEN');
  if ('problems' in config) throw new Error(`The Official Account is misconfigured: ${problemsText(config.problems)}`);
  return config;
}

/** What is wrong with the Official Account's configuration: nothing when it is fine or when none of its variables is set. */
export function officialAccountConfigurationProblems(env: Env): ConfigurationProblem[] {
  const config = readOfficialAccountConfig(env);
  return config !== undefined && 'problems' in config ? config.problems : [];
}

const group = { 'zh-CN': '公众号', en: 'Official Account' };

/** The Official Account variables the integrations page can set (`WECHAT_API_ENDPOINT` stays the server's). */
export const officialAccountSettings: readonly PluginSetting[] = [
  { name: 'WECHAT_OA_APP_ID', label: { 'zh-CN': '公众号 AppID', en: 'Official Account AppID' }, secret: false, group, help: { 'zh-CN': '公众号后台 › 设置与开发 › 基本配置', en: 'Official Account platform › 设置与开发 › 基本配置' } },
  { name: 'WECHAT_OA_APP_SECRET', label: { 'zh-CN': '公众号 AppSecret', en: 'Official Account AppSecret' }, secret: true, group, help: { 'zh-CN': '基本配置 › 开发者密码（AppSecret），并把服务器的出口 IP 加入 IP 白名单', en: 'Basic configuration › AppSecret; add the server’s outgoing IP to the IP allowlist' } },
  { name: 'WECHAT_OA_TOKEN', label: { 'zh-CN': '服务器配置 Token', en: 'Server configuration Token' }, secret: true, group, help: { 'zh-CN': '基本配置 › 服务器配置里填的令牌（Token），3–32 位字母或数字', en: 'The Token of Basic configuration › Server configuration, 3–32 letters or digits' } },
  { name: 'WECHAT_OA_ENCODING_AES_KEY', label: { 'zh-CN': '消息加解密密钥 EncodingAESKey', en: 'EncodingAESKey' }, secret: true, group, help: { 'zh-CN': '安全模式或兼容模式时填写（43 位）；明文模式留空', en: 'In safe or compatible mode (43 characters); empty in plaintext mode' } },
];
