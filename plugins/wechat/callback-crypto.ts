/**
 * WeChat's callback security, shared by the Official Account, the mini-program and WeCom (企业微信 uses
 * the same WXBizMsgCrypt scheme): the plaintext `signature`, the safe-mode `msg_signature` and AES
 * decryption, and the XML the messages are written in.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { decrypt, getSignature } from '@wecom/crypto';
import { XMLParser } from 'fast-xml-parser';

/** Why a callback was refused: its signature does not match, or it does not decrypt to this receiver's message. */
export class CallbackRefused extends Error {
  override readonly name = 'CallbackRefused';
}

// `List` is always an array: a subscription push lists one element per template, one or many.
const xml = new XMLParser({ parseTagValue: false, processEntities: true, ignoreDeclaration: true, trimValues: true, isArray: (name) => name === 'List' });

/** The fields of a WeChat XML message (`<xml><Event>…</Event>…</xml>`), every value as text. */
export type CallbackFields = Record<string, string | undefined>;

/**
 * Parses `<xml>…</xml>` with its nested elements (a `List` always as an array), every value as text.
 *
 * @example parseXmlMessage('<xml><Event>e</Event><A><List><B>1</B></List></A></xml>') // { Event: 'e', A: { List: [{ B: '1' }] } }
 */
export function parseXmlMessage(text: string): Record<string, unknown> & { Encrypt?: string } {
  let parsed: { xml?: unknown };
  try {
    parsed = xml.parse(text) as { xml?: unknown };
  } catch {
    throw new CallbackRefused('The body is not XML');
  }
  if (typeof parsed.xml !== 'object' || parsed.xml === null) throw new CallbackRefused('The body is not a WeChat XML message (<xml>…</xml>)');
  return parsed.xml as Record<string, unknown> & { Encrypt?: string };
}

/** The top-level text fields of a parsed message; nested elements are left out. */
export const topLevelFields = (message: Record<string, unknown>): CallbackFields =>
  Object.fromEntries(Object.entries(message).flatMap(([key, value]) => (typeof value === 'string' ? [[key, value]] : [])));

/** Parses `<xml>…</xml>` into its top-level fields; nested elements are left out. */
export const parseXmlFields = (text: string): CallbackFields => topLevelFields(parseXmlMessage(text));

/** Compares two texts in constant time. */
export function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The plaintext-mode `signature`: SHA-1 of the token, timestamp and nonce, sorted and joined. */
export function plainSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

/**
 * Checks a plaintext-mode `signature` (URL verification and plaintext callbacks of the Official Account and
 * the mini-program). Throws `CallbackRefused` when it does not match.
 */
export function checkPlainSignature(token: string, input: { signature: string; timestamp: string; nonce: string }): void {
  if (!sameText(plainSignature(token, input.timestamp, input.nonce), input.signature)) throw new CallbackRefused('The signature does not match');
}

/** What opens a sealed (safe-mode) message, and the variables it comes from, named when a message does not open. */
export interface SealKeys {
  token: string;
  encodingAesKey: string;
  /** Who the message is for: the AppID, or WeCom's corp id. */
  receiverId: string;
  names: { encodingAesKey: string; receiverId: string };
}

/**
 * Checks the signature of a sealed message (`msg_signature` = SHA-1 of the sorted token, timestamp, nonce
 * and ciphertext) and decrypts the ciphertext (AES-256-CBC, key = base64 of the EncodingAESKey, the IV its
 * first 16 bytes; random 16 bytes, the message length, the message, the receiver id): the message, once
 * its receiver is `keys.receiverId`. Throws `CallbackRefused` otherwise.
 *
 * @example
 * ```ts
 * const message = openSealed(keys, { signature: msg_signature, timestamp, nonce, encrypted: fields.Encrypt });
 * ```
 */
export function openSealed(keys: SealKeys, input: { signature: string; timestamp: string; nonce: string; encrypted: string }): string {
  const expected = getSignature(keys.token, input.timestamp, input.nonce, input.encrypted);
  if (!sameText(expected, input.signature)) throw new CallbackRefused('The msg_signature does not match');
  let opened: { message: string; id: string };
  try {
    opened = decrypt(keys.encodingAesKey, input.encrypted);
  } catch {
    throw new CallbackRefused(`The message does not decrypt with ${keys.names.encodingAesKey}`);
  }
  if (opened.id !== keys.receiverId) throw new CallbackRefused(`The message is not addressed to ${keys.names.receiverId}`);
  return opened.message;
}

/**
 * How far a callback's `timestamp` may be from this server's clock. A replay of a captured callback is
 * dropped by its id while the carrier's ids are remembered; after that, by its age.
 */
export const CALLBACK_FRESH_MS = 3_600_000;

/** Throws `CallbackRefused` when a callback's `timestamp` (seconds) is more than `CALLBACK_FRESH_MS` from `now`. */
export function checkFresh(timestamp: string, now: number): void {
  if (!(Math.abs(now - Number(timestamp) * 1000) <= CALLBACK_FRESH_MS)) {
    throw new CallbackRefused(`The callback's timestamp is more than ${CALLBACK_FRESH_MS / 3_600_000} hour from this server's clock (a replay, or a clock to set right)`);
  }
}

/** The query WeChat adds to a callback URL: `signature` always; `encrypt_type=aes` and `msg_signature` in safe mode; `echostr` to verify the URL. */
export interface CallbackQuery {
  signature: string;
  timestamp: string;
  nonce: string;
  echostr: string;
  encryptType: string;
  msgSignature: string;
}

/**
 * The callback query of a request (missing parameters as empty text).
 *
 * @example callbackQuery(new Request('https://x/cb?signature=s&timestamp=1&nonce=n')).encryptType // ""
 */
export function callbackQuery(request: Request): CallbackQuery {
  const params = new URL(request.url).searchParams;
  const get = (name: string) => params.get(name) ?? '';
  return { signature: get('signature'), timestamp: get('timestamp'), nonce: get('nonce'), echostr: get('echostr'), encryptType: get('encrypt_type'), msgSignature: get('msg_signature') };
}

/** What opens an app's callbacks: its token, and in safe mode its EncodingAESKey (undefined in plaintext mode). */
export type CallbackKeys = Omit<SealKeys, 'encodingAesKey'> & { encodingAesKey: string | undefined };

/**
 * The message a POST callback of an Official Account or a mini-program carries, parsed by `parse`: checked
 * by `signature` in plaintext mode, opened by `msg_signature` from the envelope's `Encrypt` in safe mode.
 * Throws `CallbackRefused` when it does not check or open.
 *
 * @example
 * ```ts
 * const fields = openCallback(keys, callbackQuery(request), await request.text(), parseXmlFields);
 * ```
 */
export function openCallback<T>(keys: CallbackKeys, query: CallbackQuery, body: string, parse: (xml: string) => T & { Encrypt?: string | undefined }): T {
  if (query.encryptType !== 'aes') {
    checkPlainSignature(keys.token, query);
    return parse(body);
  }
  if (keys.encodingAesKey === undefined) throw new CallbackRefused(`The callback is encrypted (safe mode) but ${keys.names.encodingAesKey} is not set`);
  const sealed = { ...keys, encodingAesKey: keys.encodingAesKey };
  return parse(openSealed(sealed, { signature: query.msgSignature, timestamp: query.timestamp, nonce: query.nonce, encrypted: parse(body).Encrypt ?? '' }));
}
