import { describe, expect, it } from 'vitest';
import { generateOfferCode, normalizeOfferCode } from '@journey/nodes/server';
import { checkAttribution, fissionStats, type ReferralLookup } from './referral-tree.ts';

describe('offer codes', () => {
  it('are 12 unambiguous characters in groups of four, and do not repeat over 100,000 draws', () => {
    const codes = new Set<string>();
    for (let i = 0; i < 100_000; i++) codes.add(generateOfferCode());
    expect(codes.size).toBe(100_000);
    for (const code of [...codes].slice(0, 100)) expect(code).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}(-[2-9A-HJKMNP-TV-Z]{4}){2}$/);
  });

  it('normalise what customers type', () => {
    expect(normalizeOfferCode(' k7qm 3xrt-9haw ')).toBe('K7QM-3XRT-9HAW');
  });
});

function tree(referrers: Record<string, string>, people: string[]): ReferralLookup {
  return { referrerOf: (id) => referrers[id], exists: (id) => people.includes(id) };
}

describe('referral attribution', () => {
  const people = ['alice', 'bob', 'carol', 'dave'];

  it('credits a new invitee to an existing referrer', () => {
    expect(checkAttribution(tree({}, people), 'alice', 'bob')).toBeNull();
  });

  it('refuses self-referral, a second attribution and unknown referrers', () => {
    expect(checkAttribution(tree({}, people), 'alice', 'alice')).toBe('self_referral');
    expect(checkAttribution(tree({ bob: 'alice' }, people), 'carol', 'bob')).toBe('already_attributed');
    expect(checkAttribution(tree({}, people), 'mallory', 'bob')).toBe('unknown_referrer');
  });

  it('refuses cycles however long', () => {
    expect(checkAttribution(tree({ bob: 'alice', carol: 'bob' }, people), 'carol', 'alice')).toBe('cycle');
  });
});

describe('fissionStats', () => {
  it('computes K-factor, depth and tree size', () => {
    const edges = [
      { referrerId: 'a', inviteeId: 'b' },
      { referrerId: 'a', inviteeId: 'c' },
      { referrerId: 'b', inviteeId: 'd' },
      { referrerId: 'x', inviteeId: 'y' },
    ];
    expect(fissionStats(edges, 20)).toEqual({ kFactor: 4 / 20, depth: 2, treeSize: 6, referred: 4, referrers: 3 });
    expect(fissionStats([], 0)).toEqual({ kFactor: 0, depth: 0, treeSize: 0, referred: 0, referrers: 0 });
  });
});
