import { describe, expect, it } from 'vitest';
import { fromMinorUnits, MONEY_MAX, moneySchema, toMinorUnits } from './money.ts';

describe('moneySchema', () => {
  it.each([0, 1, 19.99, 0.1, 1000, 99_999_999.99, MONEY_MAX])('takes %s', (amount) => {
    expect(moneySchema.parse(amount)).toBe(amount);
  });

  it.each([
    ['a hex string', '0x1'],
    ['a numeric string', '10'],
    ['an array', [1]],
    ['a boolean', true],
    ['null', null],
    ['three decimals', 19.999],
    ['a float sum', 0.1 + 0.2],
    ['a tiny float', 1e-7],
    ['a negative amount', -1],
    ['NaN', Number.NaN],
    ['infinity', Number.POSITIVE_INFINITY],
    ['more than the maximum', MONEY_MAX + 1],
  ])('refuses %s', (_, amount) => {
    expect(moneySchema.safeParse(amount).success).toBe(false);
  });

  it('converts exactly to and from integer minor units', () => {
    for (const amount of [0.1, 0.29, 19.99, 1234.56, 99_999_999.99]) {
      const minor = toMinorUnits(moneySchema.parse(amount));
      expect(Number.isInteger(minor)).toBe(true);
      expect(fromMinorUnits(minor)).toBe(amount);
    }
  });
});
