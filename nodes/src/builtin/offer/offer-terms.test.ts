import { describe, expect, it } from 'vitest';
import { offerTerms } from './offer-terms.ts';

describe('offerTerms', () => {
  it('reads a coupon as 满减 with a threshold and as 立减 without', () => {
    expect(offerTerms({ kind: 'coupon', value: 20, threshold: 100 })).toBe('满 100 减 20');
    expect(offerTerms({ kind: 'coupon', value: 19.9, threshold: 0 })).toBe('立减 19.9');
  });

  it('gives other kinds no money rule', () => {
    expect(offerTerms({ kind: 'free_trial', value: 0, threshold: 100 })).toBe('');
    expect(offerTerms({ kind: 'gift', value: 20, threshold: 0 })).toBe('');
  });
});
