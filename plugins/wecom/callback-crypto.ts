import { timingSafeEqual } from 'node:crypto';
import { decrypt, getSignature } from '@wecom/crypto';
import { XMLParser } from 'fast-xml-parser';
import type { WecomConfig } from './config.ts';

/** Why a callback was refused: its signature does not match, or it does not decrypt to this corp's message. */
export class CallbackRefused extends Error {
  override readonly name = 'CallbackRefused';
}

const xml = new XMLParser({ parseTagValue: false, processEntities: true, ignoreDeclaration: true, trimValues: true });

/** The fields of a WeCom XML message (`<xml><Event>…</Event>…</xml>`), every value as text. */
export type CallbackFields = Record<string, string | undefined>;

/** Parses `<xml>…</xml>` into its top-level fields; nested elements are left out. */
export function parseXmlFields(text: string): CallbackFields {
  const parsed = xml.parse(text) as { xml?: Record<string, unknown> };
  if (typeof parsed.xml !== 'object' || parsed.xml === null) throw new CallbackRefused('The body is not a WeCom XML message');
  return Object.fromEntries(Object.entries(parsed.xml).flatMap(([key, value]) => (typeof value === 'string' ? [[key, value]] : [])));
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Checks WeCom's signature of a callback (`msg_signature` = SHA-1 of the sorted token, timestamp, nonce
 * and ciphertext) and decrypts the ciphertext (AES-256-CBC, key = base64 of the EncodingAESKey, the IV its
 * first 16 bytes; random 16 bytes, the message length, the message, the receiver id): the message, once
 * its receiver is this corp. Throws `CallbackRefused` otherwise.
 *
 * @example
 * ```ts
 * const echo = openCallback(config, { signature, timestamp, nonce, encrypted: echostr }); // URL verification
 * ```
 */
export function openCallback(config: WecomConfig, input: { signature: string; timestamp: string; nonce: string; encrypted: string }): string {
  const expected = getSignature(config.token, input.timestamp, input.nonce, input.encrypted);
  if (!sameText(expected, input.signature)) throw new CallbackRefused('The msg_signature does not match');
  let opened: { message: string; id: string };
  try {
    opened = decrypt(config.encodingAesKey, input.encrypted);
  } catch {
    throw new CallbackRefused('The message does not decrypt with WECOM_ENCODING_AES_KEY');
  }
  if (opened.id !== config.corpId) throw new CallbackRefused('The message is not addressed to WECOM_CORP_ID');
  return opened.message;
}
