import { z } from 'zod';
import { localized } from './define-node.ts';

/** The largest amount of money any field takes, in the currency's main unit (10 billion). */
export const MONEY_MAX = 10_000_000_000;

/** True when a number's shortest decimal form has at most two decimals (`19.99`, not `19.999` or `1e-7`). */
function isWholeCents(amount: number): boolean {
  return /^\d+(\.\d{1,2})?$/.test(String(amount));
}

/**
 * An amount of money in the currency's main unit, exact to the cent: a JSON number of at most two
 * decimals, 0 to `MONEY_MAX` (add `.max()` or `.positive()` for a field's own bounds). Nothing is
 * coerced: `"0x1"`, `"10"`, `[1]`, `true`, `19.999` and `0.1 + 0.2` are refused. Every amount the
 * product takes (plan prices and bonuses, offer values, rewards, balance rules, spends) is one.
 *
 * @example
 * ```ts
 * moneySchema.parse(19.99); // 19.99
 * moneySchema.safeParse('0x1').success; // false
 * toMinorUnits(moneySchema.parse(19.99)); // 1999
 * ```
 */
export const moneySchema = z
  .number()
  .min(0)
  .max(MONEY_MAX)
  .refine(isWholeCents, localized({ en: 'An amount with at most two decimals', 'zh-CN': '金额最多两位小数' }))
  .meta({ multipleOf: 0.01 });

/** An amount (exact to the cent, as `moneySchema` takes it) in integer minor units: 19.99 → 1999. */
export function toMinorUnits(amount: number): number {
  return Math.round(amount * 100);
}

/** Integer minor units back to the main unit: 1999 → 19.99. */
export function fromMinorUnits(minor: number): number {
  return minor / 100;
}
