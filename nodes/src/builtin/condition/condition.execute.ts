import { defineExecutor, type ContactSnapshot, type EventSnapshot } from '../../sdk.ts';
import { conditionSpec, type ConditionRule } from './condition.spec.ts';

/** Splits on declarative rules; nothing the marketer typed is evaluated as code. */
export const conditionExecutor = defineExecutor(conditionSpec, {
  execute: ({ config, contact, event, now }) => {
    const test = (rule: ConditionRule) => matches(rule, contact, event, now);
    const ok = config.match === 'all' ? config.rules.every(test) : config.rules.some(test);
    return { type: 'next', port: ok ? 'yes' : 'no' };
  },
});

function matches(rule: ConditionRule, contact: ContactSnapshot, event: EventSnapshot | undefined, now: number): boolean {
  switch (rule.kind) {
    case 'tag':
      return contact.tags.includes(rule.tag) === (rule.op === 'has');
    case 'last_event':
      return (event?.type === rule.event) === (rule.op === 'is');
    case 'attribute':
      return compare(contact.attributes[rule.key], rule.op, rule.value);
    case 'membership': {
      const active = (contact.memberships ?? []).filter((m) => m.status === 'active' && m.expiresAt > now);
      if (rule.op === 'none') return active.length === 0;
      if (rule.op === 'tier') return active.some((m) => m.tier === rule.tier);
      if (rule.op === 'expires_within') return active.some((m) => m.expiresAt - now <= (rule.days ?? 0) * 86_400_000);
      return active.length > 0;
    }
    case 'balance': {
      const balance = contact.balance ?? 0;
      return rule.op === 'gte' ? balance >= rule.amount : rule.op === 'lte' ? balance <= rule.amount : balance < rule.amount;
    }
    case 'offer':
      return (contact.offers ?? []).some((o) => (rule.op === 'redeemed' ? o.redeemed : !o.redeemed && o.expiresAt > now));
  }
}

type AttributeOp = Extract<ConditionRule, { kind: 'attribute' }>['op'];

function compare(actual: unknown, op: AttributeOp, expected: string | number | boolean | undefined): boolean {
  const present = actual !== undefined && actual !== null;
  switch (op) {
    case 'exists':
      return present;
    case 'not_exists':
      return !present;
    case 'eq':
      return present && String(actual) === String(expected);
    case 'neq':
      return !present || String(actual) !== String(expected);
    case 'contains':
      if (Array.isArray(actual)) return actual.some((item) => String(item) === String(expected));
      return typeof actual === 'string' && expected !== undefined && actual.includes(String(expected));
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const a = Number(actual);
      const b = Number(expected);
      if (!present || expected === undefined || Number.isNaN(a) || Number.isNaN(b)) return false;
      return op === 'gt' ? a > b : op === 'gte' ? a >= b : op === 'lt' ? a < b : a <= b;
    }
  }
}
