import { describe, expect, it } from 'vitest';
import type { ContactSnapshot } from '../../sdk.ts';
import { runNode } from '../../testing.ts';
import type { ConditionRule } from './condition.spec.ts';
import { conditionExecutor } from './condition.execute.ts';

const NOW = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;
const contact: ContactSnapshot = {
  id: 'c1',
  name: null,
  tags: [],
  attributes: {},
  balance: 300,
  memberships: [
    { planId: 'gold', tier: 'gold', status: 'active', expiresAt: NOW + 5 * DAY },
    { planId: 'silver', tier: 'silver', status: 'expired', expiresAt: NOW - DAY },
  ],
  offers: [{ code: 'A', journeyId: 'j', nodeId: 'n', name: 'x', expiresAt: NOW + DAY, redeemed: false }],
};

async function port(rule: unknown, who: ContactSnapshot = contact) {
  const outcome = await runNode(conditionExecutor, { config: { rules: [rule as ConditionRule] }, contact: who });
  return outcome.type === 'next' ? outcome.port : outcome.type;
}

describe('condition rules on membership, balance and offers', () => {
  it.each([
    [{ kind: 'membership', op: 'active' }, 'yes'],
    [{ kind: 'membership', op: 'none' }, 'no'],
    [{ kind: 'membership', op: 'tier', tier: 'gold' }, 'yes'],
    [{ kind: 'membership', op: 'tier', tier: 'silver' }, 'no'],
    [{ kind: 'membership', op: 'expires_within', days: 7 }, 'yes'],
    [{ kind: 'membership', op: 'expires_within', days: 3 }, 'no'],
    [{ kind: 'balance', op: 'gte', amount: 300 }, 'yes'],
    [{ kind: 'balance', op: 'lt', amount: 300 }, 'no'],
    [{ kind: 'balance', op: 'lte', amount: 299 }, 'no'],
    [{ kind: 'balance', op: 'lte', amount: 300 }, 'yes'],
    [{ kind: 'offer', op: 'has_open' }, 'yes'],
    [{ kind: 'offer', op: 'redeemed' }, 'no'],
  ])('%o → %s', async (rule, expected) => {
    expect(await port(rule)).toBe(expected);
  });

  it('reads a contact without butterfly data as no membership, zero balance, no offers', async () => {
    const plain = { id: 'c2', name: null, tags: [], attributes: {} };
    expect(await port({ kind: 'membership', op: 'none' }, plain)).toBe('yes');
    expect(await port({ kind: 'balance', op: 'lt', amount: 1 }, plain)).toBe('yes');
    expect(await port({ kind: 'offer', op: 'has_open' }, plain)).toBe('no');
  });
});
