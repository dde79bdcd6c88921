import { z } from '@journey/sdk';

type Env = Readonly<Record<string, string | undefined>>;

const set = (name: string) => z.string({ message: `${name} is not set` }).trim().min(1, { message: `${name} is empty` });
const blankIsUnset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const VARIABLES = ['WECHAT_OA_APP_ID', 'WECHAT_OA_APP_SECRET', 'WECHAT_OA_TOKEN', 'WECHAT_OA_ENCODING_AES_KEY'] as const;

/**
 * The Official Account variables. `WECHAT_OA_TOKEN` and `WECHAT_OA_ENCODING_AES_KEY` are the server
 * configuration's (服务器配置) Token and EncodingAESKey; the key is only needed in safe mode (安全模式) or
 * compatible mode. `WECHAT_API_ENDPOINT` is the operator's own (a proxy, or a test double). The environment
 * holds every other variable too: these are picked out.
 */
const envSchema = z.looseObject({
  WECHAT_OA_APP_ID: set('WECHAT_OA_APP_ID').regex(/^wx[0-9a-f]{16}$/, { message: 'WECHAT_OA_APP_ID is the AppID, wx and 16 hex digits' }),
  WECHAT_OA_APP_SECRET: set('WECHAT_OA_APP_SECRET'),
  WECHAT_OA_TOKEN: set('WECHAT_OA_TOKEN').regex(/^[A-Za-z0-9]{3,32}$/, { message: 'WECHAT_OA_TOKEN is 3 to 32 letters and digits, as the Official Account platform takes it' }),
  WECHAT_OA_ENCODING_AES_KEY: z.preprocess(
    blankIsUnset,
    z.string().regex(/^[A-Za-z0-9]{43}$/, { message: 'WECHAT_OA_ENCODING_AES_KEY is 43 letters and digits' }).optional(),
  ),
  WECHAT_API_ENDPOINT: z.preprocess(blankIsUnset, z.url({ protocol: /^https?$/, message: 'WECHAT_API_ENDPOINT is an http(s) URL' }).default('https://api.weixin.qq.com')),
});

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

const anySet = (env: Env) => VARIABLES.some((name) => (env[name] ?? '').trim() !== '');

/**
 * The configuration from the environment: `undefined` when no `WECHAT_OA_*` variable is set (the plugin
 * stays inactive), the problems when some are set but not all well.
 *
 * @example
 * ```ts
 * const config = readOfficialAccountConfig(process.env);
 * if (config && 'problems' in config) console.error(config.problems.join('; '));
 * ```
 */
export function readOfficialAccountConfig(env: Env): OfficialAccountConfig | { problems: string[] } | undefined {
  if (!anySet(env)) return undefined;
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) return { problems: parsed.error.issues.map((issue) => issue.message) };
  const e = parsed.data;
  return {
    appId: e.WECHAT_OA_APP_ID,
    appSecret: e.WECHAT_OA_APP_SECRET,
    token: e.WECHAT_OA_TOKEN,
    encodingAesKey: e.WECHAT_OA_ENCODING_AES_KEY,
    endpoint: e.WECHAT_API_ENDPOINT.replace(/\/+$/, ''),
  };
}

/** The configuration, or an error naming what is wrong (for code that runs only when configured). */
export function officialAccountConfig(env: Env): OfficialAccountConfig {
  const config = readOfficialAccountConfig(env);
  if (config === undefined) throw new Error('The Official Account is not configured: set WECHAT_OA_APP_ID, WECHAT_OA_APP_SECRET and WECHAT_OA_TOKEN');
  if ('problems' in config) throw new Error(`The Official Account is misconfigured: ${config.problems.join('; ')}`);
  return config;
}
