import { describe, expect, it } from 'vitest';
import type { ConditionRule } from './condition.spec.ts';
import { runNode } from '../../testing.ts';
import { conditionExecutor } from './condition.execute.ts';

const contact = { id: 'c1', name: '小王', tags: ['vip'], attributes: { city: '上海', orders: 3, interests: ['tea', 'coffee'], zero: 0 } };
const event = { id: 'e1', type: 'order.paid', properties: {}, timestamp: 0 };

async function port(rules: unknown[], match: 'all' | 'any' = 'all') {
  const outcome = await runNode(conditionExecutor, { config: { match, rules: rules as ConditionRule[] }, contact, event });
  if (outcome.type !== 'next') throw new Error('condition must leave');
  return outcome.port;
}

describe('condition executor', () => {
  it.each([
    [{ kind: 'tag', tag: 'vip' }, 'yes'],
    [{ kind: 'tag', tag: 'lead' }, 'no'],
    [{ kind: 'tag', op: 'not_has', tag: 'lead' }, 'yes'],
    [{ kind: 'attribute', key: 'city', value: '上海' }, 'yes'],
    [{ kind: 'attribute', key: 'city', op: 'neq', value: '上海' }, 'no'],
    [{ kind: 'attribute', key: 'missing', op: 'neq', value: 'x' }, 'yes'],
    [{ kind: 'attribute', key: 'orders', op: 'eq', value: 3 }, 'yes'],
    [{ kind: 'attribute', key: 'orders', op: 'gt', value: 3 }, 'no'],
    [{ kind: 'attribute', key: 'orders', op: 'gte', value: 3 }, 'yes'],
    [{ kind: 'attribute', key: 'orders', op: 'lt', value: 10 }, 'yes'],
    [{ kind: 'attribute', key: 'orders', op: 'lte', value: 2 }, 'no'],
    [{ kind: 'attribute', key: 'missing', op: 'lt', value: 10 }, 'no'],
    [{ kind: 'attribute', key: 'city', op: 'gt', value: 1 }, 'no'],
    [{ kind: 'attribute', key: 'city', op: 'contains', value: '海' }, 'yes'],
    [{ kind: 'attribute', key: 'interests', op: 'contains', value: 'tea' }, 'yes'],
    [{ kind: 'attribute', key: 'interests', op: 'contains', value: 'te' }, 'no'],
    [{ kind: 'attribute', key: 'zero', op: 'exists' }, 'yes'],
    [{ kind: 'attribute', key: 'missing', op: 'exists' }, 'no'],
    [{ kind: 'attribute', key: 'missing', op: 'not_exists' }, 'yes'],
    [{ kind: 'last_event', event: 'order.paid' }, 'yes'],
    [{ kind: 'last_event', op: 'is_not', event: 'order.paid' }, 'no'],
  ])('%o → %s', async (rule, expected) => {
    expect(await port([rule])).toBe(expected);
  });

  it('needs every rule with all, one with any', async () => {
    const rules = [{ kind: 'tag', tag: 'vip' }, { kind: 'tag', tag: 'lead' }];
    expect(await port(rules, 'all')).toBe('no');
    expect(await port(rules, 'any')).toBe('yes');
  });
});
