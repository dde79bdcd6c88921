import { describe, expect, it } from 'vitest';
import { CALLBACK_FRESH_MS, checkFresh, checkPlainSignature, openSealed, parseXmlFields, plainSignature } from './callback-crypto.ts';
import { sealMessage } from './testing/wechat-callbacks.ts';

/** The settings of Tencent's WXBizMsgCrypt sample for the Official Account. */
const SAMPLE = { token: 'pamtest', encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', appId: 'wxb11529c136998cb6', timestamp: '1409304348', nonce: 'xxxxxx' };
const keys = { token: SAMPLE.token, encodingAesKey: SAMPLE.encodingAesKey, receiverId: SAMPLE.appId, names: { encodingAesKey: 'WECHAT_OA_ENCODING_AES_KEY', receiverId: 'WECHAT_OA_APP_ID' } };
const message = '<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName><FromUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></FromUserName><CreateTime>1407743423</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好 & <b>]]></Content><MsgId>1234567890123456</MsgId></xml>';

describe('WeChat callback crypto', () => {
  it('signs plaintext callbacks as SHA-1 of the sorted token, timestamp and nonce', () => {
    // sha1("1409304348pamtestxxxxxx"), computed apart from this code.
    expect(plainSignature(SAMPLE.token, SAMPLE.timestamp, SAMPLE.nonce)).toBe('76480565cbe296026c53aaacd1ad523a1ddba24f');
    expect(() => checkPlainSignature(SAMPLE.token, { signature: '76480565cbe296026c53aaacd1ad523a1ddba24f', timestamp: SAMPLE.timestamp, nonce: SAMPLE.nonce })).not.toThrow();
    expect(() => checkPlainSignature('other', { signature: '76480565cbe296026c53aaacd1ad523a1ddba24f', timestamp: SAMPLE.timestamp, nonce: SAMPLE.nonce })).toThrow('The signature does not match');
    expect(() => checkPlainSignature(SAMPLE.token, { signature: '', timestamp: SAMPLE.timestamp, nonce: SAMPLE.nonce })).toThrow('The signature does not match');
  });

  it('opens a safe-mode message addressed to the AppID, and refuses a wrong signature, key or receiver by name', () => {
    const sealed = sealMessage({ token: SAMPLE.token, encodingAesKey: SAMPLE.encodingAesKey, receiverId: SAMPLE.appId }, message, { timestamp: Number(SAMPLE.timestamp), nonce: SAMPLE.nonce });
    const input = { signature: sealed.msgSignature, timestamp: sealed.timestamp, nonce: sealed.nonce, encrypted: sealed.encrypted };
    expect(openSealed(keys, input)).toBe(message);
    expect(parseXmlFields(openSealed(keys, input))).toMatchObject({ FromUserName: 'oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw', Content: '你好 & <b>', MsgId: '1234567890123456' });
    expect(() => openSealed(keys, { ...input, nonce: 'yyyyyy' })).toThrow('The msg_signature does not match');
    // Another key decrypts to noise, or not at all: either way the message is refused.
    expect(() => openSealed({ ...keys, encodingAesKey: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg' }, input)).toThrow(/does not decrypt with WECHAT_OA_ENCODING_AES_KEY|not addressed to WECHAT_OA_APP_ID/);
    expect(() => openSealed({ ...keys, receiverId: 'wx0000000000000000' }, input)).toThrow('not addressed to WECHAT_OA_APP_ID');
  });

  it('reads the top-level fields of a message and refuses what is not one', () => {
    expect(parseXmlFields('<xml><Event><![CDATA[subscribe]]></Event><CreateTime>1</CreateTime><ScanCodeInfo><ScanType>qrcode</ScanType></ScanCodeInfo></xml>')).toEqual({ Event: 'subscribe', CreateTime: '1' });
    expect(() => parseXmlFields('{"Event":"subscribe"}')).toThrow('not a WeChat XML message');
  });

  it('refuses a timestamp more than an hour from the clock', () => {
    const now = Date.UTC(2026, 11, 1, 12);
    expect(() => checkFresh(String((now - CALLBACK_FRESH_MS) / 1000), now)).not.toThrow();
    expect(() => checkFresh(String((now + CALLBACK_FRESH_MS + 1000) / 1000), now)).toThrow("more than 1 hour from this server's clock");
    expect(() => checkFresh('', now)).toThrow('more than 1 hour');
  });
});
