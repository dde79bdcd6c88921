/** Callbacks as WeChat sends them, for tests: signed with the account's token, sealed with its EncodingAESKey in safe mode. */
import { randomBytes } from 'node:crypto';
import { encrypt, getSignature } from '@wecom/crypto';
import { plainSignature } from '../callback-crypto.ts';

/** What seals a message: the receiver's token, EncodingAESKey and id (the AppID, or WeCom's corp id). */
export interface SealingKeys {
  token: string;
  encodingAesKey: string;
  receiverId: string;
}

const seconds = (at: number | undefined) => String(at ?? Math.floor(Date.now() / 1000));
const randomNonce = () => String(randomBytes(4).readUInt32BE());

/** `message` encrypted for its receiver (WXBizMsgCrypt), with its `msg_signature`. */
export function sealMessage(keys: SealingKeys, message: string, options: { timestamp?: number; nonce?: string } = {}) {
  const timestamp = seconds(options.timestamp);
  const nonce = options.nonce ?? randomNonce();
  const encrypted = encrypt(keys.encodingAesKey, message, keys.receiverId);
  return { timestamp, nonce, encrypted, msgSignature: getSignature(keys.token, timestamp, nonce, encrypted) };
}

/** The Official Account's keys, as its server configuration holds them. */
export interface AccountKeys {
  appId: string;
  token: string;
  encodingAesKey?: string;
}

/**
 * The query string and body of a POST callback carrying `message` (an `<xml>…</xml>`): plaintext, or in
 * safe mode (`encodingAesKey` set) the envelope with `Encrypt`, `encrypt_type=aes` and `msg_signature`.
 */
export function accountCallback(keys: AccountKeys, message: string, options: { timestamp?: number; nonce?: string; openid?: string } = {}): { query: string; body: string } {
  const timestamp = seconds(options.timestamp);
  const nonce = options.nonce ?? randomNonce();
  const openid = options.openid ?? /<FromUserName><!\[CDATA\[([^\]]*)\]\]>/.exec(message)?.[1] ?? '';
  const plain = { signature: plainSignature(keys.token, timestamp, nonce), timestamp, nonce, openid };
  if (keys.encodingAesKey === undefined) return { query: new URLSearchParams(plain).toString(), body: message };
  const sealed = sealMessage({ token: keys.token, encodingAesKey: keys.encodingAesKey, receiverId: keys.appId }, message, { timestamp: Number(timestamp), nonce });
  return {
    query: new URLSearchParams({ ...plain, encrypt_type: 'aes', msg_signature: sealed.msgSignature }).toString(),
    body: `<xml><ToUserName><![CDATA[gh_3ad4c1b2e5f6]]></ToUserName><Encrypt><![CDATA[${sealed.encrypted}]]></Encrypt></xml>`,
  };
}

/** The query string of WeChat's server URL verification (in every mode a plaintext `signature`). */
export function accountEcho(token: string, echostr: string, timestamp = seconds(undefined), nonce = '1372623149'): string {
  return new URLSearchParams({ signature: plainSignature(token, timestamp, nonce), echostr, timestamp, nonce }).toString();
}

const cdata = (name: string, value: string) => `<${name}><![CDATA[${value}]]></${name}>`;

/** A follower's event, as WeChat words it: `subscribe` (with `qrscene_<scene>` from a parameter QR code), `unsubscribe`, `SCAN`, `CLICK`, `VIEW`… */
export function followerEvent(fields: { openid: string; event: string; eventKey?: string; ticket?: string; createTime?: number }): string {
  return (
    `<xml>${cdata('ToUserName', 'gh_3ad4c1b2e5f6')}${cdata('FromUserName', fields.openid)}<CreateTime>${seconds(fields.createTime)}</CreateTime>` +
    `${cdata('MsgType', 'event')}${cdata('Event', fields.event)}${fields.eventKey === undefined ? '' : cdata('EventKey', fields.eventKey)}` +
    `${fields.ticket === undefined ? '' : cdata('Ticket', fields.ticket)}</xml>`
  );
}

/** A follower's text message. */
export function followerText(fields: { openid: string; content: string; msgId: string; createTime?: number }): string {
  return (
    `<xml>${cdata('ToUserName', 'gh_3ad4c1b2e5f6')}${cdata('FromUserName', fields.openid)}<CreateTime>${seconds(fields.createTime)}</CreateTime>` +
    `${cdata('MsgType', 'text')}${cdata('Content', fields.content)}<MsgId>${fields.msgId}</MsgId></xml>`
  );
}

type SubscriptionPushFields = { openid: string; templates: { id: string; status: 'accept' | 'reject' }[]; createTime?: number };

function subscriptionPush(event: string, element: string, fields: SubscriptionPushFields): string {
  const list = fields.templates
    .map((t) => `<List>${cdata('TemplateId', t.id)}${cdata('SubscribeStatusString', t.status)}<PopupScene>0</PopupScene></List>`)
    .join('');
  return (
    `<xml>${cdata('ToUserName', 'gh_7f0a2c3d4e5b')}${cdata('FromUserName', fields.openid)}<CreateTime>${seconds(fields.createTime)}</CreateTime>` +
    `${cdata('MsgType', 'event')}${cdata('Event', event)}<${element}>${list}</${element}></xml>`
  );
}

/**
 * The mini-program's push when a user answers wx.requestSubscribeMessage (`subscribe_msg_popup_event`):
 * one `List` per template, `accept` or `reject`. Sign and seal it with `accountCallback` and the
 * mini-program's keys (its message push uses the same scheme).
 */
export const subscribePopupEvent = (fields: SubscriptionPushFields) => subscriptionPush('subscribe_msg_popup_event', 'SubscribeMsgPopupEvent', fields);

/** The mini-program's push when a user turns a template's messages on or off in its settings (`subscribe_msg_change_event`). */
export const subscribeChangeEvent = (fields: SubscriptionPushFields) => subscriptionPush('subscribe_msg_change_event', 'SubscribeMsgChangeEvent', fields);

/** WeChat's report of a template message (`TEMPLATESENDJOBFINISH`): `success`, `failed:user block` or `failed: system failed`. */
export function templateJobFinished(fields: { openid: string; msgId: number; status: string; createTime?: number }): string {
  return (
    `<xml>${cdata('ToUserName', 'gh_3ad4c1b2e5f6')}${cdata('FromUserName', fields.openid)}<CreateTime>${seconds(fields.createTime)}</CreateTime>` +
    `${cdata('MsgType', 'event')}${cdata('Event', 'TEMPLATESENDJOBFINISH')}<MsgID>${fields.msgId}</MsgID>${cdata('Status', fields.status)}</xml>`
  );
}
