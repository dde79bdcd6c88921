import { randomInt } from 'node:crypto';

/** Crockford-style alphabet without I, L, O, U, 0 and 1, so codes read back over the phone. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A new offer code: 12 characters from a 30-letter alphabet drawn with a CSPRNG (about 59 bits), shown
 * in groups of four. Unguessable; uniqueness is enforced by the store's unique index, which retries.
 *
 * @example generateOfferCode() // "K7QM-3XRT-9HAW"
 */
export function generateOfferCode(): string {
  let code = '';
  for (let i = 0; i < 12; i++) {
    if (i > 0 && i % 4 === 0) code += '-';
    code += ALPHABET[randomInt(ALPHABET.length)];
  }
  return code;
}

/** Normalises a code as a customer types it: case, spaces and dashes. */
export function normalizeOfferCode(input: string): string {
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  return compact.match(/.{1,4}/g)?.join('-') ?? '';
}
