import { getSignature } from '@wecom/crypto';
import { createTestServices, type TestServices } from '@journey/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import plugin from './index.ts';
import { openCallback } from './callback-crypto.ts';
import { CALLBACK_FRESH_MS } from '@journey/plugin-wechat/callback-crypto';
import { callbackTask } from './callbacks.ts';
import { wecomConfig } from './config.ts';
import { WecomDouble } from './testing/wecom-double.ts';
import { externalContactEvent, sealCallback } from './testing/wecom-callbacks.ts';

/** Tencent's WXBizMsgCrypt sample settings and URL-verification request. */
const SAMPLE = {
  token: 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo',
  encodingAesKey: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt',
  corpId: 'ww1436e0e65a779aee',
  verify: {
    msg_signature: '012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb',
    timestamp: '1476416373',
    nonce: '47744683',
    echostr: 'fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==',
  },
};

let now = Date.UTC(2026, 11, 1, 12);
let double: WecomDouble;
let services: TestServices;
const route = (method: string) => plugin.routes.find((r) => r.method === method && r.path === '/callback')!;
const call = (method: 'GET' | 'POST', query: string, body?: string) =>
  route(method).handle(new Request(`http://server/api/integrations/wecom/callback?${query}`, { method, ...(body === undefined ? {} : { body }) }), { services, params: {} });
const settle = async () => {
  for (let i = 0; i < 50 && (await services.records.list('inbox')).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
};

beforeEach(async () => {
  now = Date.UTC(2026, 11, 1, 12);
  double = await new WecomDouble(SAMPLE.corpId, 'contact-secret', () => now).start();
  services = createTestServices('wecom', {
    now: () => now,
    env: {
      WECOM_CORP_ID: SAMPLE.corpId,
      WECOM_SECRET: 'contact-secret',
      WECOM_AGENT_ID: '1000002',
      WECOM_TOKEN: SAMPLE.token,
      WECOM_ENCODING_AES_KEY: SAMPLE.encodingAesKey,
      WECOM_API_BASE: double.url,
    },
  });
});
afterEach(() => double.stop());

describe('WeCom callback crypto', () => {
  it('matches the documented vectors: signature, URL verification, message decryption', () => {
    expect(getSignature('QDG6eK', '1409659589', '263014780', 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==')).toBe(
      '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
    );
    const config = wecomConfig(services.env);
    const { msg_signature, timestamp, nonce, echostr } = SAMPLE.verify;
    expect(openCallback(config, { signature: msg_signature, timestamp, nonce, encrypted: echostr })).toBe('1288432023552776189');
    expect(() => openCallback(config, { signature: msg_signature, timestamp: '1476416374', nonce, encrypted: echostr })).toThrow('msg_signature does not match');
    expect(() => openCallback({ ...config, corpId: 'ww_other' }, { signature: msg_signature, timestamp, nonce, encrypted: echostr })).toThrow('not addressed to WECOM_CORP_ID');
  });
});

describe('GET /callback (URL verification)', () => {
  it('answers the decrypted echostr, and refuses a bad signature', async () => {
    const res = await call('GET', new URLSearchParams(SAMPLE.verify).toString());
    expect([res.status, await res.text()]).toEqual([200, '1288432023552776189']);
    expect((await services.records.get('status', 'callback_verified'))?.value).toEqual({ at: now });
    const bad = await call('GET', new URLSearchParams({ ...SAMPLE.verify, msg_signature: '0'.repeat(40) }).toString());
    expect(bad.status).toBe(401);
  });
});

describe('POST /callback', () => {
  /** A callback sealed as WeCom would send it now. */
  const seal = (message: string) => sealCallback(SAMPLE, message, { timestamp: now / 1000 });
  const added = (welcomeCode: string) =>
    externalContactEvent({ changeType: 'add_external_contact', userId: 'zhangsan', externalUserId: 'wmCustomer1', state: 'douyin_live', welcomeCode, createTime: now / 1000 });

  it('stores and answers at once, then makes contact.acquired with the source, the member and the welcome code', async () => {
    const code = double.addCustomer({ external_userid: 'wmCustomer1', name: '王小明', unionid: 'oUnion1', userid: 'zhangsan', state: 'douyin_live' });
    const { query, body } = seal(added(code));
    const res = await call('POST', query, body);
    expect([res.status, await res.text()]).toEqual([200, 'success']);
    await settle();
    expect(services.events).toEqual([
      {
        contactId: 'wmCustomer1',
        type: 'contact.acquired',
        properties: { source: 'douyin_live', channel: 'wecom_private', wecomUserId: 'zhangsan', unionid: 'oUnion1' },
        timestamp: now,
        messageId: expect.stringMatching(/^wecom:[0-9a-f]{40}$/),
      },
    ]);
    expect(services.contacts.get('wmCustomer1')).toEqual({ name: '王小明', attributes: { wecom: { externalUserId: 'wmCustomer1', followUserId: 'zhangsan', unionid: 'oUnion1' } } });
    expect((await services.records.get('welcome', 'wmCustomer1'))?.value).toEqual({ code, userId: 'zhangsan', at: now });
    expect((await services.records.get('follow', 'wmCustomer1'))?.value).toEqual({ userId: 'zhangsan' });
    expect(double.callsTo('/cgi-bin/externalcontact/get')).toMatchObject([{ query: { external_userid: 'wmCustomer1' } }]);
  });

  it("drops WeCom's retries of a callback (newly encrypted, the same event)", async () => {
    const code = double.addCustomer({ external_userid: 'wmCustomer1', name: '王小明', userid: 'zhangsan' });
    for (let i = 0; i < 3; i++) {
      const { query, body } = seal(added(code));
      expect((await call('POST', query, body)).status).toBe(200);
    }
    await settle();
    expect(services.events).toHaveLength(1);
    expect(double.callsTo('/cgi-bin/externalcontact/get')).toHaveLength(1);
  });

  it('refuses a bad signature or a foreign corp, and stores nothing', async () => {
    const { query, body } = seal(added('W1'));
    const tampered = query.replace(/msg_signature=[0-9a-f]+/, `msg_signature=${'a'.repeat(40)}`);
    expect((await call('POST', tampered, body)).status).toBe(401);
    const foreign = sealCallback({ ...SAMPLE, corpId: 'ww_someone_else' }, added('W1'), { timestamp: now / 1000 });
    expect((await call('POST', foreign.query, foreign.body)).status).toBe(401);
    expect((await call('POST', query, 'not xml')).status).toBe(401);
    // A captured callback replayed after the fingerprints of the last day are gone: refused by its age.
    const old = sealCallback(SAMPLE, added('W1'), { timestamp: (now - CALLBACK_FRESH_MS - 1000) / 1000 });
    const replayed = await call('POST', old.query, old.body);
    expect([replayed.status, await replayed.text()]).toEqual([401, expect.stringContaining("timestamp is more than 1 hour from this server's clock")]);
    expect(await services.records.list('inbox')).toEqual([]);
    expect(await services.records.list('seen')).toEqual([]);
    expect(await services.records.get('status', 'last_callback')).toBeUndefined();
    expect(services.events).toEqual([]);
  });

  it('makes contact.lost of either side removing the other, and reports tags edited in WeCom', async () => {
    double.addCustomer({ external_userid: 'wmCustomer1', name: '王小明', userid: 'zhangsan' });
    double.customers.get('wmCustomer1')!.follow_user[0]!.tags.push({ group_name: '客户旅程', tag_name: '高意向', tag_id: 'et1', type: 1 });
    for (const changeType of ['del_external_contact', 'del_follow_user', 'edit_external_contact']) {
      const { query, body } = seal(externalContactEvent({ changeType, userId: 'zhangsan', externalUserId: 'wmCustomer1', createTime: now / 1000 }));
      await call('POST', query, body);
      await settle();
    }
    expect(services.events.map((e) => [e.type, e.properties])).toEqual([
      ['contact.lost', { reason: 'removed_by_member', wecomUserId: 'zhangsan' }],
      ['contact.lost', { reason: 'removed_by_customer', wecomUserId: 'zhangsan' }],
      ['wecom.tags_changed', { tags: ['高意向'], wecomUserId: 'zhangsan' }],
    ]);
  });

  it('keeps a callback WeCom’s API could not complete, and the callbacks task processes it later', async () => {
    const code = double.addCustomer({ external_userid: 'wmCustomer1', name: '王小明', userid: 'zhangsan' });
    double.failNext.set('/cgi-bin/externalcontact/get', [-1]);
    const { query, body } = seal(added(code));
    await call('POST', query, body);
    for (let i = 0; i < 100 && double.callsTo('/cgi-bin/externalcontact/get').length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    for (let i = 0; i < 100 && (await services.records.list('processing')).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(services.events).toEqual([]);
    expect(await services.records.list('inbox')).toHaveLength(1);
    expect((await services.records.get('welcome', 'wmCustomer1'))?.value.code).toBe(code);
    now += 5_000;
    await callbackTask.run(services);
    expect(services.events.map((e) => e.type)).toEqual(['contact.acquired']);
    expect(await services.records.list('inbox')).toEqual([]);
  });
});
