import { defineExecutor, eventCountKey, eventCountQuery, type ContactSnapshot, type EventSnapshot } from '../../sdk.ts';
import { behaviourNeed, conditionSpec, type BehaviourRule, type ConditionRule } from './condition.spec.ts';

/**
 * Splits on declarative rules; nothing the marketer typed is evaluated as code. The step's detail names
 * the rule that decided (the first that failed under `all`, the first that held under `any`, else the
 * last one tested) with the values it compared, for the contact's timeline.
 */
export const conditionExecutor = defineExecutor(conditionSpec, {
  execute: ({ config, contact, event, now, run }) => {
    // Under `all` the first rule that fails decides (no); under `any` the first that holds (yes).
    const decisive = config.match === 'any';
    let decided = { rule: config.rules.length - 1, ok: !decisive, values: {} as Record<string, unknown> };
    for (const [i, rule] of config.rules.entries()) {
      const tested = test(rule, contact, event, now, run.enteredAt);
      decided = { rule: i, ...tested };
      if (tested.ok === decisive) break;
    }
    const yes = decided.ok === decisive ? decisive : !decisive;
    return { type: 'next', port: yes ? 'yes' : 'no', detail: { match: config.match, rule: decided.rule, kind: config.rules[decided.rule]!.kind, held: decided.ok, ...decided.values } };
  },
});

function test(rule: ConditionRule, contact: ContactSnapshot, event: EventSnapshot | undefined, now: number, enteredAt: number): { ok: boolean; values: Record<string, unknown> } {
  if (rule.kind === 'behaviour') return behaviour(rule, contact, now, enteredAt);
  const ok = matches(rule, contact, event, now);
  const actual =
    rule.kind === 'tag' ? { has: contact.tags.includes(rule.tag) }
    : rule.kind === 'attribute' ? { actual: contact.attributes[rule.key] ?? null }
    : rule.kind === 'last_event' ? { actual: event?.type ?? null }
    : rule.kind === 'balance' ? { actual: contact.balance ?? 0 }
    : {};
  return { ok, values: actual };
}

/** Counts from `contact.eventCounts`, which the runtime loads for the spec's `eventCounts`. */
function behaviour(rule: BehaviourRule, contact: ContactSnapshot, now: number, enteredAt: number) {
  const query = eventCountQuery(behaviourNeed(rule), now, enteredAt);
  const count = contact.eventCounts?.[eventCountKey(query)];
  if (count === undefined) throw new Error(`The count of "${rule.event}" events was not loaded for this step`);
  const did = count >= rule.count;
  return { ok: rule.op === 'did' ? did : !did, values: { event: rule.event, count, atLeast: rule.count, since: query.since } };
}

function matches(rule: Exclude<ConditionRule, BehaviourRule>, contact: ContactSnapshot, event: EventSnapshot | undefined, now: number): boolean {
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
