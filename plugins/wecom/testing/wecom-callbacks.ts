/** Callbacks as WeCom sends them, for tests: encrypted with the corp's EncodingAESKey and signed with its token. */
import { encrypt, getSignature } from '@wecom/crypto';
import { sealMessage } from '../../wechat/testing/wechat-callbacks.ts';

export interface CallbackKeys {
  corpId: string;
  token: string;
  encodingAesKey: string;
}

/** The query string and XML body of a POST callback carrying `message` (a decrypted `<xml>…</xml>`). */
export function sealCallback(keys: CallbackKeys, message: string, options: { timestamp?: number; nonce?: string } = {}): { query: string; body: string } {
  const { timestamp, nonce, encrypted, msgSignature } = sealMessage({ ...keys, receiverId: keys.corpId }, message, options);
  const query = new URLSearchParams({ msg_signature: msgSignature, timestamp, nonce }).toString();
  return { query, body: `<xml><ToUserName><![CDATA[${keys.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>` };
}

/** The query string of WeCom's URL verification, whose echostr decrypts to `echo`. */
export function sealEcho(keys: CallbackKeys, echo: string, timestamp = String(Math.floor(Date.now() / 1000)), nonce = '1372623149'): string {
  const echostr = encrypt(keys.encodingAesKey, echo, keys.corpId);
  return new URLSearchParams({ msg_signature: getSignature(keys.token, timestamp, nonce, echostr), timestamp, nonce, echostr }).toString();
}

/** A `change_external_contact` event, as WeCom words it. */
export function externalContactEvent(fields: { changeType: string; userId: string; externalUserId: string; state?: string; welcomeCode?: string; createTime?: number }): string {
  const optional = (name: string, value: string | undefined) => (value === undefined ? '' : `<${name}><![CDATA[${value}]]></${name}>`);
  return (
    `<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>` +
    `<CreateTime>${fields.createTime ?? Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[event]]></MsgType>` +
    `<Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[${fields.changeType}]]></ChangeType>` +
    `<UserID><![CDATA[${fields.userId}]]></UserID><ExternalUserID><![CDATA[${fields.externalUserId}]]></ExternalUserID>` +
    `${optional('State', fields.state)}${optional('WelcomeCode', fields.welcomeCode)}</xml>`
  );
}
