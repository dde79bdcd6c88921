import { describe, expect, it } from 'vitest';
import { officialAccountConfig, officialAccountConfigurationProblems, readOfficialAccountConfig } from './config.ts';

const env = { WECHAT_OA_APP_ID: 'wx5c8e3a1d2f4b6a70', WECHAT_OA_APP_SECRET: 'oa-app-secret', WECHAT_OA_TOKEN: 'pamtest' };

describe('Official Account configuration', () => {
  it('is absent without the variables, and plaintext mode on the default endpoint with the three required ones', () => {
    expect(readOfficialAccountConfig({ WECOM_CORP_ID: 'ww1' })).toBeUndefined();
    expect(officialAccountConfig(env)).toEqual({ appId: env.WECHAT_OA_APP_ID, appSecret: 'oa-app-secret', token: 'pamtest', encodingAesKey: undefined, endpoint: 'https://api.weixin.qq.com' });
    expect(officialAccountConfig({ ...env, WECHAT_OA_ENCODING_AES_KEY: ' ', WECHAT_API_ENDPOINT: 'http://127.0.0.1:9/' })).toMatchObject({ encodingAesKey: undefined, endpoint: 'http://127.0.0.1:9' });
    expect(officialAccountConfig({ ...env, WECHAT_OA_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' }).encodingAesKey).toBe('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG');
  });

  it('names each variable at fault', () => {
    expect(readOfficialAccountConfig({ WECHAT_OA_APP_ID: 'gh_3ad4c1b2e5f6', WECHAT_OA_TOKEN: 'a b', WECHAT_OA_ENCODING_AES_KEY: 'short', WECHAT_API_ENDPOINT: 'ftp://x' })).toEqual({
      problems: [
        { setting: 'WECHAT_OA_APP_ID', message: 'WECHAT_OA_APP_ID is the AppID, wx and 16 hex digits' },
        { setting: 'WECHAT_OA_APP_SECRET', message: 'WECHAT_OA_APP_SECRET is not set' },
        { setting: 'WECHAT_OA_TOKEN', message: 'WECHAT_OA_TOKEN is 3 to 32 letters and digits, as the Official Account platform takes it' },
        { setting: 'WECHAT_OA_ENCODING_AES_KEY', message: 'WECHAT_OA_ENCODING_AES_KEY is 43 letters and digits' },
        { setting: 'WECHAT_API_ENDPOINT', message: 'WECHAT_API_ENDPOINT is an http(s) URL' },
      ],
    });
    expect(() => officialAccountConfig({ WECHAT_OA_APP_SECRET: 's' })).toThrow('The Official Account is misconfigured: WECHAT_OA_APP_ID is not set; WECHAT_OA_TOKEN is not set');
    expect(() => officialAccountConfig({})).toThrow('The Official Account is not configured');
    expect(officialAccountConfigurationProblems({})).toEqual([]);
    expect(officialAccountConfigurationProblems({ WECHAT_OA_APP_ID: 'wx5c8e3a1d2f4b6a70' }).map((p) => p.setting)).toEqual(['WECHAT_OA_APP_SECRET', 'WECHAT_OA_TOKEN']);
  });
});
