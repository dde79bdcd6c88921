import { configurationIssues, problemsText, z, type ConfigurationProblem, type PluginSetting } from '@journey/sdk';
import { anyAppVariableSet, appConfig, wechatAppSchema, type WechatAppCredentials } from './config.ts';

type Env = Readonly<Record<string, string | undefined>>;

const blankIsUnset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** Which version of the mini-program a subscribe message opens (`miniprogram_state`). */
export const MINI_PROGRAM_STATES = ['formal', 'trial', 'developer'] as const;

/**
 * The mini-program variables: its AppID and AppSecret, and the Token and EncodingAESKey of its message
 * push (消息推送, data format XML; the key only in safe mode). `WECHAT_MINI_STATE` is the version the
 * messages open (default `formal`, the released one). `WECHAT_API_ENDPOINT` is shared with the Official
 * Account.
 */
const envSchema = z.looseObject({
  ...wechatAppSchema('WECHAT_MINI', 'the mini-program’s message push'),
  WECHAT_MINI_STATE: z.preprocess(blankIsUnset, z.enum(MINI_PROGRAM_STATES, { message: 'WECHAT_MINI_STATE is formal, trial or developer' }).default('formal')),
});

/** The mini-program integration's configuration. */
export interface MiniProgramConfig extends WechatAppCredentials {
  /** The message push Token (消息推送 → Token). */
  token: string;
  /** The message push EncodingAESKey of safe mode; undefined in plaintext mode. */
  encodingAesKey: string | undefined;
  state: (typeof MINI_PROGRAM_STATES)[number];
}

/**
 * The configuration from the environment: `undefined` when no `WECHAT_MINI_*` variable is set (the
 * mini-program stays off), the problems when some are set but not all well.
 *
 * @example
 * ```ts
 * const config = readMiniProgramConfig(process.env);
 * if (config && 'problems' in config) console.error(problemsText(config.problems));
 * ```
 */
export function readMiniProgramConfig(env: Env): MiniProgramConfig | { problems: ConfigurationProblem[] } | undefined {
  if (!anyAppVariableSet('WECHAT_MINI', env)) return undefined;
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) return { problems: configurationIssues(parsed.error) };
  return { ...appConfig('WECHAT_MINI', parsed.data), state: parsed.data.WECHAT_MINI_STATE };
}

/** The configuration, or an error naming what is wrong (for code that runs only when configured). */
export function miniProgramConfig(env: Env): MiniProgramConfig {
  const config = readMiniProgramConfig(env);
  if (config === undefined) throw new Error('The mini-program is not configured: set WECHAT_MINI_APP_ID, WECHAT_MINI_APP_SECRET and WECHAT_MINI_TOKEN');
  if ('problems' in config) throw new Error(`The mini-program is misconfigured: ${problemsText(config.problems)}`);
  return config;
}

/** What is wrong with the mini-program's configuration: nothing when it is fine or when none of its variables is set. */
export function miniProgramConfigurationProblems(env: Env): ConfigurationProblem[] {
  const config = readMiniProgramConfig(env);
  return config !== undefined && 'problems' in config ? config.problems : [];
}

const group = { 'zh-CN': '小程序', en: 'Mini-program' };

/** The mini-program variables the integrations page can set (`WECHAT_API_ENDPOINT` stays the server's). */
export const miniProgramSettings: readonly PluginSetting[] = [
  { name: 'WECHAT_MINI_APP_ID', label: { 'zh-CN': '小程序 AppID', en: 'Mini-program AppID' }, secret: false, group, help: { 'zh-CN': '小程序后台 › 开发管理 › 开发设置', en: 'Mini-program platform › 开发管理 › 开发设置' } },
  { name: 'WECHAT_MINI_APP_SECRET', label: { 'zh-CN': '小程序 AppSecret', en: 'Mini-program AppSecret' }, secret: true, group },
  { name: 'WECHAT_MINI_TOKEN', label: { 'zh-CN': '消息推送 Token', en: 'Message push Token' }, secret: true, group, help: { 'zh-CN': '开发设置 › 消息推送里填的 Token，3–32 位字母或数字', en: 'The Token of 开发设置 › 消息推送, 3–32 letters or digits' } },
  { name: 'WECHAT_MINI_ENCODING_AES_KEY', label: { 'zh-CN': '消息推送 EncodingAESKey', en: 'Message push EncodingAESKey' }, secret: true, group, help: { 'zh-CN': '安全模式时填写（43 位）；明文模式留空', en: 'In safe mode (43 characters); empty in plaintext mode' } },
  { name: 'WECHAT_MINI_STATE', label: { 'zh-CN': '打开的小程序版本', en: 'Version messages open' }, secret: false, group, help: { 'zh-CN': 'formal 正式版（默认）、trial 体验版、developer 开发版', en: 'formal (default), trial or developer' } },
];
