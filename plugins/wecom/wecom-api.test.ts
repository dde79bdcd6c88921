import { createTestServices } from '@journey/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wecomConfig, readWecomConfig } from './config.ts';
import { TOKEN_REFRESH_MARGIN_MS, WecomApi, WecomError, WecomRateLimited } from './wecom-api.ts';
import { WecomDouble } from './testing/wecom-double.ts';

const AES_KEY = '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt';
let now = Date.UTC(2026, 11, 1, 12);
let double: WecomDouble;
const env = () => ({
  WECOM_CORP_ID: double.corpId,
  WECOM_SECRET: double.secret,
  WECOM_AGENT_ID: '1000002',
  WECOM_TOKEN: 'QDG6eK',
  WECOM_ENCODING_AES_KEY: AES_KEY,
  WECOM_API_BASE: double.url,
});

beforeEach(async () => {
  now = Date.UTC(2026, 11, 1, 12);
  double = await new WecomDouble(undefined, undefined, () => now).start();
});
afterEach(() => double.stop());

describe('WeCom configuration', () => {
  it('is absent without the variables, names what is wrong when some are set, and defaults the API base', () => {
    expect(readWecomConfig({})).toBeUndefined();
    expect(readWecomConfig({ WECOM_CORP_ID: 'ww1', WECOM_ENCODING_AES_KEY: 'short' })).toEqual({
      problems: [
        { setting: 'WECOM_SECRET', message: 'WECOM_SECRET is not set' },
        { setting: 'WECOM_AGENT_ID', message: 'WECOM_AGENT_ID is not set' },
        { setting: 'WECOM_TOKEN', message: 'WECOM_TOKEN is not set' },
        { setting: 'WECOM_ENCODING_AES_KEY', message: 'WECOM_ENCODING_AES_KEY is 43 letters and digits' },
      ],
    });
    const { WECOM_API_BASE: _, ...rest } = env();
    expect(wecomConfig(rest)).toMatchObject({ corpId: double.corpId, agentId: 1000002, apiBase: 'https://qyapi.weixin.qq.com' });
  });
});

describe('WeCom access token', () => {
  const api = (services = createTestServices('wecom', { env: env(), now: () => now })) => new WecomApi(wecomConfig(services.env), services);

  it('is obtained with gettoken once and reused until shortly before expires_in', async () => {
    const client = api();
    const first = await client.accessToken();
    expect(await client.accessToken()).toBe(first);
    expect(double.callsTo('/cgi-bin/gettoken')).toMatchObject([{ query: { corpid: double.corpId, corpsecret: double.secret } }]);
    now += 7200_000 - TOKEN_REFRESH_MARGIN_MS - 1;
    expect(await client.accessToken()).toBe(first);
    now += 2;
    expect(await client.accessToken()).not.toBe(first);
    expect(double.callsTo('/cgi-bin/gettoken')).toHaveLength(2);
  });

  it('is refreshed by one caller at a time: processes sharing the records wait for its token', async () => {
    const services = createTestServices('wecom', { env: env(), now: () => now });
    const tokens = await Promise.all(Array.from({ length: 8 }, () => api(services).accessToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(double.callsTo('/cgi-bin/gettoken')).toHaveLength(1);
  });

  it('is obtained again when WeCom says it is invalid (40014) or expired (42001), and the call made once more', async () => {
    const client = api();
    double.customers.set('wmA', { external_userid: 'wmA', name: '王小明', follow_user: [] });
    const first = await client.accessToken();
    double.tokens.clear(); // WeCom forgot it: 40014
    expect((await client.get<{ external_contact: { name: string } }>('/cgi-bin/externalcontact/get', { external_userid: 'wmA' })).external_contact.name).toBe('王小明');
    const second = await client.accessToken();
    expect(second).not.toBe(first);
    double.tokens.set(second, now - 1); // expired early on WeCom's side: 42001
    await client.get('/cgi-bin/externalcontact/get', { external_userid: 'wmA' });
    expect(double.callsTo('/cgi-bin/gettoken')).toHaveLength(3);
    expect(double.callsTo('/cgi-bin/externalcontact/get').map((c) => c.query.access_token)).toEqual([first, second, second, await client.accessToken()]);
  });

  it('holds every call back after a rate-limit answer (45009, 45033), then calls again', async () => {
    const client = api();
    await client.accessToken();
    double.failNext.set('/cgi-bin/externalcontact/get', [45009]);
    await expect(client.get('/cgi-bin/externalcontact/get', { external_userid: 'wmA' })).rejects.toBeInstanceOf(WecomRateLimited);
    await expect(client.get('/cgi-bin/externalcontact/get', { external_userid: 'wmA' })).rejects.toThrow(/rate limit \(errcode 45009\)/);
    expect(double.callsTo('/cgi-bin/externalcontact/get')).toHaveLength(1);
    now += 60_000;
    await expect(client.get('/cgi-bin/externalcontact/get', { external_userid: 'wmA' })).rejects.toMatchObject({ errcode: 40096, errmsg: expect.stringContaining('invalid external userid') });
    double.failNext.set('/cgi-bin/externalcontact/get', [45033]);
    await expect(client.get('/cgi-bin/externalcontact/get', { external_userid: 'wmA' })).rejects.toBeInstanceOf(WecomRateLimited);
    now += 2_000;
    await expect(client.get('/cgi-bin/externalcontact/get', { external_userid: 'wmA' })).rejects.toBeInstanceOf(WecomError);
  });

  it('reports a wrong secret as WeCom words it, and keeps it for the integrations page', async () => {
    const services = createTestServices('wecom', { env: { ...env(), WECOM_SECRET: 'wrong' }, now: () => now });
    await expect(api(services).accessToken()).rejects.toThrow('errcode 40001');
    expect((await services.records.get('status', `token:${double.corpId}`))?.value).toMatchObject({ obtainedAt: null, error: expect.stringContaining('40001') });
  });
});
