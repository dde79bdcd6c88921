import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** The variable holding the key that seals the secrets saved on the integrations page. */
export const SECRETS_KEY_VARIABLE = 'JOURNEY_SECRETS_KEY';
/** Earlier keys, comma-separated, still read after a rotation until every secret is sealed again. */
export const PREVIOUS_SECRETS_KEYS_VARIABLE = 'JOURNEY_SECRETS_PREVIOUS_KEYS';

const VERSION = 'v1';
const IV_BYTES = 12;
const KEY_BYTES = 32;
const TAG_BYTES = 16;

/** What a sealed value that cannot be opened reads as, on the page and in the logs. */
export class SecretUnreadableError extends Error {
  override readonly name = 'SecretUnreadableError';
}

/**
 * A 32-byte key written as 64 hex digits or as base64 (e.g. `openssl rand -base64 32`).
 *
 * @throws Error naming `variable` when it is neither, or not 32 bytes
 */
export function parseSecretsKey(text: string, variable: string = SECRETS_KEY_VARIABLE): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)
      ? Buffer.from(trimmed, 'base64')
      : undefined;
  if (key?.length !== KEY_BYTES) {
    throw new Error(`${variable} is not a 32-byte key: write it as 64 hex digits or as base64 of 32 bytes (openssl rand -base64 32)`);
  }
  return key;
}

/** A key's id as sealed values name it: not the key, and not enough to guess it. */
const keyIdOf = (key: Buffer) => createHash('sha256').update('journey-secrets-key-id:').update(key).digest('hex').slice(0, 8);

/**
 * Seals secrets with AES-256-GCM under the deployment's key: a random 12-byte IV per value, the
 * authentication tag, and the id of the key, so that after a rotation values sealed under an earlier key
 * still open (with `previous`) and can be sealed again under the current one. Each value is bound to
 * where it is kept (`context`, e.g. `sms/TENCENT_SMS_SECRET_KEY`): moved elsewhere it does not open.
 *
 * @example
 * ```ts
 * const box = new SecretBox(parseSecretsKey(process.env.JOURNEY_SECRETS_KEY!));
 * const sealed = box.seal('s3cret', 'sms/ALIYUN_SMS_ACCESS_KEY_SECRET'); // "v1.<key id>.<iv>.<tag>.<ciphertext>"
 * box.open(sealed, 'sms/ALIYUN_SMS_ACCESS_KEY_SECRET'); // "s3cret"
 * ```
 */
export class SecretBox {
  readonly #keys = new Map<string, Buffer>();
  /** The current key's id. */
  readonly keyId: string;

  constructor(current: Buffer, previous: readonly Buffer[] = []) {
    this.keyId = keyIdOf(current);
    for (const key of [current, ...previous]) if (!this.#keys.has(keyIdOf(key))) this.#keys.set(keyIdOf(key), key);
  }

  /**
   * The box of `JOURNEY_SECRETS_KEY` (and `JOURNEY_SECRETS_PREVIOUS_KEYS`); undefined when it is not set.
   *
   * @throws Error naming the variable when a key is malformed
   */
  static fromEnv(env: Readonly<Record<string, string | undefined>>): SecretBox | undefined {
    const current = env[SECRETS_KEY_VARIABLE]?.trim();
    if (!current) return undefined;
    const previous = (env[PREVIOUS_SECRETS_KEYS_VARIABLE] ?? '')
      .split(',')
      .map((key) => key.trim())
      .filter(Boolean)
      .map((key) => parseSecretsKey(key, PREVIOUS_SECRETS_KEYS_VARIABLE));
    return new SecretBox(parseSecretsKey(current), previous);
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#keys.get(this.keyId)!, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, this.keyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  /**
   * The secret `seal` sealed for `context`.
   *
   * @throws SecretUnreadableError when no key of this deployment sealed it, or it was altered or moved
   */
  open(sealed: string, context: string): string {
    const [version, keyId, iv, tag, ciphertext, ...rest] = sealed.split('.');
    if (version !== VERSION || rest.length > 0 || ciphertext === undefined) throw new SecretUnreadableError('cannot decrypt: not a sealed value');
    const key = this.#keys.get(keyId!);
    if (!key) throw new SecretUnreadableError(`cannot decrypt: ${SECRETS_KEY_VARIABLE} changed (the value was sealed under another key)`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv!, 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag!, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretUnreadableError('cannot decrypt: the stored value was altered');
    }
  }

  /** Whether a sealed value was sealed under an earlier key (and should be sealed again). */
  sealedEarlier(sealed: string): boolean {
    return sealed.split('.')[1] !== this.keyId;
  }
}
