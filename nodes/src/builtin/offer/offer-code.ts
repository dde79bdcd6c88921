import { createHash, randomInt } from 'node:crypto';

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

/**
 * A contact's referral code, derived from the contact id (SHA-256, 12 characters of the same alphabet),
 * so every journey and every retry gives the same contact the same code without a lookup. Referral
 * codes are meant to be shared, so being derivable is not a weakness; offer codes stay random.
 *
 * @example referralCodeFor('c_42') // "Q8ZD-4MWN-72KR" (always the same for c_42)
 */
export function referralCodeFor(contactId: string): string {
  const digest = createHash('sha256').update(`referral:${contactId}`).digest();
  let code = '';
  for (let i = 0; i < 12; i++) {
    if (i > 0 && i % 4 === 0) code += '-';
    code += ALPHABET[digest[i]! % ALPHABET.length];
  }
  return code;
}
