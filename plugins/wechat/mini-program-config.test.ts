import { describe, expect, it } from 'vitest';
import { miniProgramConfig, readMiniProgramConfig } from './mini-program-config.ts';

const env = { WECHAT_MINI_APP_ID: 'wx1a2b3c4d5e6f7a8b', WECHAT_MINI_APP_SECRET: 'mini-secret', WECHAT_MINI_TOKEN: 'miniToken1' };

describe('the mini-program configuration', () => {
  it('is off without its variables, and reads them with the defaults', () => {
    expect(readMiniProgramConfig({ WECHAT_OA_APP_ID: 'wx0000000000000000' })).toBeUndefined();
    expect(readMiniProgramConfig(env)).toEqual({
      appId: 'wx1a2b3c4d5e6f7a8b',
      appSecret: 'mini-secret',
      token: 'miniToken1',
      encodingAesKey: undefined,
      state: 'formal',
      endpoint: 'https://api.weixin.qq.com',
    });
    expect(readMiniProgramConfig({ ...env, WECHAT_MINI_STATE: 'trial', WECHAT_API_ENDPOINT: 'http://127.0.0.1:9/' })).toMatchObject({ state: 'trial', endpoint: 'http://127.0.0.1:9' });
  });

  it('names each variable at fault', () => {
    expect(readMiniProgramConfig({ WECHAT_MINI_APP_ID: 'wx12', WECHAT_MINI_STATE: 'beta' })).toEqual({
      problems: [
        { setting: 'WECHAT_MINI_APP_ID', message: 'WECHAT_MINI_APP_ID is the AppID, wx and 16 hex digits' },
        { setting: 'WECHAT_MINI_APP_SECRET', message: 'WECHAT_MINI_APP_SECRET is not set' },
        { setting: 'WECHAT_MINI_TOKEN', message: 'WECHAT_MINI_TOKEN is not set' },
        { setting: 'WECHAT_MINI_STATE', message: 'WECHAT_MINI_STATE is formal, trial or developer' },
      ],
    });
    expect(() => miniProgramConfig({})).toThrow(/not configured: set WECHAT_MINI_APP_ID/);
  });
});
