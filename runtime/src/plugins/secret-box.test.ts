import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseSecretsKey, SecretBox, SecretUnreadableError } from './secret-box.ts';

const key = randomBytes(32);
const box = new SecretBox(key);
const CONTEXT = 'sms/TENCENT_SMS_SECRET_KEY';

/** The sealed value with one character of part `index` (0 version … 4 ciphertext) changed. */
function tampered(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const part = parts[index]!;
  parts[index] = (part[0] === 'A' ? 'B' : 'A') + part.slice(1);
  return parts.join('.');
}

describe('SecretBox', () => {
  it('opens what it sealed, under a fresh IV each time, and never holds the secret in clear', () => {
    const secret = '腾讯云 SecretKey: Gu5t9xGARNpq86cd98joQYCN3EXAMPLE';
    const a = box.seal(secret, CONTEXT);
    const b = box.seal(secret, CONTEXT);
    expect(a).not.toBe(b);
    expect(a).not.toContain('SecretKey');
    expect(a.split('.')).toHaveLength(5);
    expect(a.startsWith(`v1.${box.keyId}.`)).toBe(true);
    expect(box.open(a, CONTEXT)).toBe(secret);
    expect(box.open(b, CONTEXT)).toBe(secret);
    expect(box.open(box.seal('', CONTEXT), CONTEXT)).toBe('');
  });

  it('refuses a value altered anywhere, moved to another setting, or cut short', () => {
    const sealed = box.seal('s3cret-value', CONTEXT);
    for (const index of [2, 3, 4]) expect(() => box.open(tampered(sealed, index), CONTEXT)).toThrow('cannot decrypt: the stored value was altered');
    expect(() => box.open(sealed, 'sms/ALIYUN_SMS_ACCESS_KEY_SECRET')).toThrow('cannot decrypt: the stored value was altered');
    const parts = sealed.split('.');
    expect(() => box.open([...parts.slice(0, 3), parts[3]!.slice(0, 6), parts[4]].join('.'), CONTEXT)).toThrow(SecretUnreadableError);
    expect(() => box.open('plain text', CONTEXT)).toThrow('cannot decrypt: not a sealed value');
  });

  it('says the key changed when another key sealed the value, and opens it with that key as a previous one', () => {
    const oldKey = randomBytes(32);
    const old = new SecretBox(oldKey);
    const sealed = old.seal('from before', CONTEXT);
    expect(() => box.open(sealed, CONTEXT)).toThrow('cannot decrypt: JOURNEY_SECRETS_KEY changed');
    const rotated = SecretBox.fromEnv({ JOURNEY_SECRETS_KEY: key.toString('hex'), JOURNEY_SECRETS_PREVIOUS_KEYS: ` ${randomBytes(32).toString('base64')}, ${oldKey.toString('hex')}` });
    expect(rotated?.keyId).toBe(box.keyId);
    expect(rotated?.open(sealed, CONTEXT)).toBe('from before');
    expect(rotated?.sealedEarlier(sealed)).toBe(true);
    expect(rotated?.sealedEarlier(rotated.seal('now', CONTEXT))).toBe(false);
  });

  it('reads a key as 64 hex digits or base64 of 32 bytes, and names the variable of a malformed one', () => {
    expect(parseSecretsKey(key.toString('hex'))).toEqual(key);
    expect(parseSecretsKey(key.toString('base64'))).toEqual(key);
    expect(parseSecretsKey(key.toString('base64url'))).toEqual(key);
    for (const bad of ['short', randomBytes(16).toString('base64'), `${key.toString('hex')}00`, 'not base64 at all!']) {
      expect(() => parseSecretsKey(bad)).toThrow(/^JOURNEY_SECRETS_KEY is not a 32-byte key/);
    }
    expect(() => SecretBox.fromEnv({ JOURNEY_SECRETS_KEY: key.toString('hex'), JOURNEY_SECRETS_PREVIOUS_KEYS: 'nope' })).toThrow(/^JOURNEY_SECRETS_PREVIOUS_KEYS is not/);
    expect(SecretBox.fromEnv({ JOURNEY_SECRETS_KEY: '  ' })).toBeUndefined();
  });
});
