import { z } from '@journey/sdk';
import type { WechatAppCredentials } from './config.ts';

type Env = Readonly<Record<string, string | undefined>>;

const set = (name: string) => z.string({ message: `${name} is not set` }).trim().min(1, { message: `${name} is empty` });
const blankIsUnset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const VARIABLES = ['WECHAT_MINI_APP_ID', 'WECHAT_MINI_APP_SECRET', 'WECHAT_MINI_TOKEN', 'WECHAT_MINI_ENCODING_AES_KEY'] as const;

/** Which version of the mini-program a subscribe message opens (`miniprogram_state`). */
export const MINI_PROGRAM_STATES = ['formal', 'trial', 'developer'] as const;

/**
 * The mini-program variables: its AppID and AppSecret, and the Token and EncodingAESKey of its message
 * push (消息推送, data format XML; the key only in safe mode). `WECHAT_MINI_STATE` is the version the
 * messages open (default `formal`, the released one). `WECHAT_API_ENDPOINT` is shared with the Official
 * Account.
 */
const envSchema = z.looseObject({
  WECHAT_MINI_APP_ID: set('WECHAT_MINI_APP_ID').regex(/^wx[0-9a-f]{16}$/, { message: 'WECHAT_MINI_APP_ID is the AppID, wx and 16 hex digits' }),
  WECHAT_MINI_APP_SECRET: set('WECHAT_MINI_APP_SECRET'),
  WECHAT_MINI_TOKEN: set('WECHAT_MINI_TOKEN').regex(/^[A-Za-z0-9]{3,32}$/, { message: 'WECHAT_MINI_TOKEN is 3 to 32 letters and digits, as the mini-program’s message push takes it' }),
  WECHAT_MINI_ENCODING_AES_KEY: z.preprocess(
    blankIsUnset,
    z.string().regex(/^[A-Za-z0-9]{43}$/, { message: 'WECHAT_MINI_ENCODING_AES_KEY is 43 letters and digits' }).optional(),
  ),
  WECHAT_MINI_STATE: z.preprocess(blankIsUnset, z.enum(MINI_PROGRAM_STATES, { message: 'WECHAT_MINI_STATE is formal, trial or developer' }).default('formal')),
  WECHAT_API_ENDPOINT: z.preprocess(blankIsUnset, z.url({ protocol: /^https?$/, message: 'WECHAT_API_ENDPOINT is an http(s) URL' }).default('https://api.weixin.qq.com')),
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
 * if (config && 'problems' in config) console.error(config.problems.join('; '));
 * ```
 */
export function readMiniProgramConfig(env: Env): MiniProgramConfig | { problems: string[] } | undefined {
  if (!VARIABLES.some((name) => (env[name] ?? '').trim() !== '')) return undefined;
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) return { problems: parsed.error.issues.map((issue) => issue.message) };
  const e = parsed.data;
  return {
    appId: e.WECHAT_MINI_APP_ID,
    appSecret: e.WECHAT_MINI_APP_SECRET,
    token: e.WECHAT_MINI_TOKEN,
    encodingAesKey: e.WECHAT_MINI_ENCODING_AES_KEY,
    state: e.WECHAT_MINI_STATE,
    endpoint: e.WECHAT_API_ENDPOINT.replace(/\/+$/, ''),
  };
}

/** The configuration, or an error naming what is wrong (for code that runs only when configured). */
export function miniProgramConfig(env: Env): MiniProgramConfig {
  const config = readMiniProgramConfig(env);
  if (config === undefined) throw new Error('The mini-program is not configured: set WECHAT_MINI_APP_ID, WECHAT_MINI_APP_SECRET and WECHAT_MINI_TOKEN');
  if ('problems' in config) throw new Error(`The mini-program is misconfigured: ${config.problems.join('; ')}`);
  return config;
}
