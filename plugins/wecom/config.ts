import { configurationIssues, problemsText, z, type ConfigurationProblem, type PluginSetting } from '@journey/sdk';

const set = (name: string) => z.string({ message: `${name} is not set` }).trim().min(1, { message: `${name} is empty` });

/**
 * The WeCom variables (SPEC §9). `WECOM_SECRET` is the customer-contact (客户联系) secret, the one that
 * may call `externalcontact/*`; `WECOM_TOKEN` and `WECOM_ENCODING_AES_KEY` are the callback's, as set in
 * the admin console. `WECOM_API_BASE` is the operator's own configuration (a proxy, or a test double). The
 * environment holds every other variable too: these are picked out.
 */
const envSchema = z.looseObject({
  WECOM_CORP_ID: set('WECOM_CORP_ID'),
  WECOM_SECRET: set('WECOM_SECRET'),
  WECOM_AGENT_ID: set('WECOM_AGENT_ID').regex(/^\d+$/, { message: 'WECOM_AGENT_ID is a number' }),
  WECOM_TOKEN: set('WECOM_TOKEN'),
  WECOM_ENCODING_AES_KEY: z.string().regex(/^[A-Za-z0-9]{43}$/, { message: 'WECOM_ENCODING_AES_KEY is 43 letters and digits' }),
  WECOM_API_BASE: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^https?$/ }).default('https://qyapi.weixin.qq.com')),
});

/** The WeCom integration's configuration. */
export interface WecomConfig {
  corpId: string;
  secret: string;
  agentId: number;
  token: string;
  encodingAesKey: string;
  /** Without a trailing slash. */
  apiBase: string;
}

/** Whether any WeCom variable is set: an operator who sets some means to configure it. */
const anySet = (env: Readonly<Record<string, string | undefined>>) =>
  ['WECOM_CORP_ID', 'WECOM_SECRET', 'WECOM_AGENT_ID', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY'].some((name) => (env[name] ?? '') !== '');

/**
 * The configuration from the environment: `undefined` when no WeCom variable is set (the plugin stays
 * inactive), the problems when some are set but not all well.
 *
 * @example
 * ```ts
 * const config = readWecomConfig(process.env);
 * if (config && 'problems' in config) console.error(problemsText(config.problems));
 * ```
 */
export function readWecomConfig(env: Readonly<Record<string, string | undefined>>): WecomConfig | { problems: ConfigurationProblem[] } | undefined {
  if (!anySet(env)) return undefined;
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) return { problems: configurationIssues(parsed.error) };
  const e = parsed.data;
  return {
    corpId: e.WECOM_CORP_ID,
    secret: e.WECOM_SECRET,
    agentId: Number(e.WECOM_AGENT_ID),
    token: e.WECOM_TOKEN,
    encodingAesKey: e.WECOM_ENCODING_AES_KEY,
    apiBase: e.WECOM_API_BASE.replace(/\/+$/, ''),
  };
}

/** The configuration, or an error naming what is missing (for code that runs only when configured). */
export function wecomConfig(env: Readonly<Record<string, string | undefined>>): WecomConfig {
  const config = readWecomConfig(env);
  if (config === undefined) throw new Error('WeCom is not configured: set WECOM_CORP_ID, WECOM_SECRET, WECOM_AGENT_ID, WECOM_TOKEN and WECOM_ENCODING_AES_KEY');
  if ('problems' in config) throw new Error(`WeCom is misconfigured: ${problemsText(config.problems)}`);
  return config;
}

/** What is wrong with a WeCom configuration: nothing when it is fine or when no WeCom variable is set. */
export function wecomConfigurationProblems(env: Readonly<Record<string, string | undefined>>): ConfigurationProblem[] {
  const config = readWecomConfig(env);
  return config !== undefined && 'problems' in config ? config.problems : [];
}

const callbackGroup = { 'zh-CN': '接收事件服务器（回调）', en: 'Callback (receive events)' };

/** The variables the integrations page can set (`WECOM_API_BASE` stays the operator's, in the environment). */
export const wecomSettings: readonly PluginSetting[] = [
  { name: 'WECOM_CORP_ID', label: { 'zh-CN': '企业 ID', en: 'Corp ID' }, secret: false, help: { 'zh-CN': '管理后台 › 我的企业 › 企业信息', en: 'Admin console › My company › Company info' } },
  {
    name: 'WECOM_SECRET',
    label: { 'zh-CN': '客户联系 Secret', en: 'Customer contact secret' },
    secret: true,
    help: { 'zh-CN': '管理后台 › 客户与上下游 › 客户联系 › API', en: 'Admin console › Customers › Customer contact › API' },
  },
  { name: 'WECOM_AGENT_ID', label: { 'zh-CN': '应用 AgentId', en: 'Agent ID' }, secret: false, help: { 'zh-CN': '自建应用的 AgentId（数字）', en: "The self-built app's AgentId (a number)" } },
  { name: 'WECOM_TOKEN', label: { 'zh-CN': 'Token', en: 'Token' }, secret: true, group: callbackGroup },
  {
    name: 'WECOM_ENCODING_AES_KEY',
    label: { 'zh-CN': 'EncodingAESKey', en: 'EncodingAESKey' },
    secret: true,
    group: callbackGroup,
    help: { 'zh-CN': '43 位字母和数字，与管理后台填写的一致', en: '43 letters and digits, as set in the admin console' },
  },
];
