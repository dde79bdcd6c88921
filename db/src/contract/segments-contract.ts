import type { SegmentDefinition, SegmentRule } from '@journey/nodes';
import { segmentDefinitionSchema } from '@journey/nodes';
import type { ContactSnapshot } from '@journey/nodes/server';
import { conditionExecutor } from '@journey/nodes/server';
import { runNode } from '@journey/nodes/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Store } from '../port/store.ts';

const NOW = Date.UTC(2026, 3, 1);
const DAY = 86_400_000;
const TAGS = ['vip', 'lead', 'live'];
const KEYS = ['city', 'orders'];
const EVENTS = ['order.paid', 'page.view'];
const TIERS = ['gold', 'silver'];

// Small pools, so rules and data often meet (and numbers written as strings meet numbers).
const scalar = fc.oneof(
  fc.constantFrom('上海', '3', ' 3', '', '1e0', 'true'),
  fc.integer({ min: 0, max: 3 }),
  fc.constantFrom(0.5, 1.5, -1),
  fc.boolean(),
);
const attributeValue: fc.Arbitrary<unknown> = fc.oneof(scalar, fc.constant(null), fc.array(fc.oneof(fc.constantFrom<string>('上海', '3', ''), fc.integer({ min: 0, max: 3 })), { maxLength: 3 }), fc.constant({ a: 1 }));

const contactArb = fc.record({
  tags: fc.subarray(TAGS),
  attributes: fc.dictionary(fc.constantFrom(...KEYS), attributeValue, { maxKeys: 2, noNullPrototype: true }),
  memberships: fc.array(
    fc.record({ tier: fc.constantFrom(...TIERS), status: fc.constantFrom('active' as const, 'expired' as const), expiresInDays: fc.integer({ min: -5, max: 20 }) }),
    { maxLength: 2 },
  ),
  balances: fc.array(fc.integer({ min: 0, max: 500 }), { maxLength: 3 }),
  events: fc.array(fc.record({ type: fc.constantFrom(...EVENTS), daysAgo: fc.integer({ min: 0, max: 60 }) }), { maxLength: 5 }),
});

const ruleArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ kind: fc.constant('tag'), op: fc.constantFrom('has', 'not_has'), tag: fc.constantFrom(...TAGS) }),
  { weight: 5, arbitrary: fc.record(
    {
      kind: fc.constant('attribute'),
      key: fc.constantFrom(...KEYS),
      op: fc.constantFrom('eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'exists', 'not_exists'),
      value: scalar,
    },
    { requiredKeys: ['kind', 'key', 'op'] },
  ) },
  fc.record(
    { kind: fc.constant('membership'), op: fc.constantFrom('active', 'none', 'tier', 'expires_within'), tier: fc.constantFrom(...TIERS), days: fc.integer({ min: 0, max: 10 }) },
    { requiredKeys: ['kind', 'op'] },
  ),
  fc.record({ kind: fc.constant('balance'), op: fc.constantFrom('gte', 'lte', 'lt'), amount: fc.integer({ min: 0, max: 500 }) }),
  fc.record(
    { kind: fc.constant('event_count'), event: fc.constantFrom(...EVENTS), op: fc.constantFrom('at_least', 'at_most'), count: fc.integer({ min: 0, max: 4 }), withinDays: fc.integer({ min: 1, max: 40 }) },
    { requiredKeys: ['kind', 'event', 'op', 'count'] },
  ),
);
const definitionArb = fc.record({ match: fc.constantFrom('all', 'any'), rules: fc.array(ruleArb, { minLength: 1, maxLength: 4 }) }).map((d) => segmentDefinitionSchema.parse(d));

type RandomContact = (typeof contactArb extends fc.Arbitrary<infer T> ? T : never) & { id: string };

/** The oracle: the condition node's own evaluation for its rule kinds, event counts by hand. */
async function matchesInMemory(definition: SegmentDefinition, contact: RandomContact): Promise<boolean> {
  const snapshot: ContactSnapshot = {
    id: contact.id,
    name: null,
    attributes: contact.attributes,
    tags: contact.tags,
    memberships: contact.memberships.map((m) => ({ planId: m.tier, tier: m.tier, status: m.status, expiresAt: NOW + m.expiresInDays * DAY })),
    balance: contact.balances.at(-1) ?? 0,
    offers: [],
  };
  const test = async (rule: SegmentRule) => {
    if (rule.kind === 'event_count') {
      const since = rule.withinDays === undefined ? -Infinity : NOW - rule.withinDays * DAY;
      const n = contact.events.filter((e) => e.type === rule.event && NOW - e.daysAgo * DAY >= since).length;
      return rule.op === 'at_least' ? n >= rule.count : n <= rule.count;
    }
    const outcome = await runNode(conditionExecutor, { config: { match: 'all', rules: [rule] }, contact: snapshot, now: NOW });
    return outcome.type === 'next' && outcome.port === 'yes';
  };
  const results = await Promise.all(definition.rules.map(test));
  return definition.match === 'all' ? results.every(Boolean) : results.some(Boolean);
}

/** Writes the contacts through the port, as the runtime would: profile and tags, cards, ledger, events. */
async function seed(store: Store, contactList: RandomContact[]): Promise<Store> {
  for (const c of contactList) {
    await store.contacts.upsert({ id: c.id, attributes: c.attributes, tags: c.tags }, 0);
    for (const [j, m] of c.memberships.entries()) {
      await store.butterfly.putMembership({ contactId: c.id, planId: `p${j}`, tier: m.tier, at: 0, expiresAt: NOW + m.expiresInDays * DAY });
      if (m.status === 'expired') await store.butterfly.expireMemberships(c.id, `p${j}`, 0);
    }
    let balance = 0;
    for (const [j, b] of c.balances.entries()) {
      await store.butterfly.changeBalance({ contactId: c.id, amount: b - balance, reason: 'top_up', source: `s-${c.id}-${j}`, planId: null }, 0);
      balance = b;
    }
    const events = c.events.map((e) => ({ contactId: c.id, type: e.type, properties: {}, timestamp: NOW - e.daysAgo * DAY, messageId: null }));
    if (events.length > 0) await store.events.ingest(events, 0);
  }
  return store;
}

/**
 * The segment evaluation every store must pass: its SQL selects exactly the contacts the condition
 * node (and event counts by hand) selects in memory, over random contacts and rules.
 *
 * @example
 * ```ts
 * describeSegmentContract('sqlite', () => openSqliteStore(':memory:'));
 * ```
 */
export function describeSegmentContract(name: string, open: () => Promise<Store>): void {
  describe(`segments on ${name}`, () => {
    it('selects in SQL exactly the contacts the condition node and event counts select in memory', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(contactArb, { minLength: 1, maxLength: 30 }), fc.array(definitionArb, { minLength: 10, maxLength: 10 }), async (generated, definitions) => {
          const list = generated.map((c, i) => ({ ...c, id: `c${String(i).padStart(3, '0')}` }));
          const store = await seed(await open(), list);
          try {
            for (const definition of definitions) {
              const expected: string[] = [];
              for (const c of list) if (await matchesInMemory(definition, c)) expected.push(c.id);
              expect((await store.segments.members(definition, NOW, { limit: 1000 })).map((c) => c.id), JSON.stringify(definition)).toEqual(expected);
              expect(await store.segments.count(definition, NOW)).toBe(expected.length);
            }
          } finally {
            await store.close();
          }
        }),
        { numRuns: 50 },
      );
    });

    it.each([
      { kind: 'attribute', key: 'orders', op: 'eq', value: '3' },
      { kind: 'attribute', key: 'vip', op: 'eq', value: 'true' },
      { kind: 'attribute', key: 'interests', op: 'eq', value: 'tea,3' },
      { kind: 'attribute', key: 'interests', op: 'contains', value: 3 },
      { kind: 'attribute', key: 'score', op: 'gt', value: 2 },
      { kind: 'attribute', key: 'score', op: 'gte', value: '3' },
      { kind: 'attribute', key: 'city', op: 'lt', value: 1 },
      { kind: 'attribute', key: 'city', op: 'contains', value: '海' },
      { kind: 'attribute', key: 'orders', op: 'neq', value: 3 },
    ])('agrees with the condition node on mixed types: %o', async (rule) => {
      const list: RandomContact[] = [
        { id: 'a', tags: [], attributes: { orders: 3, vip: true, interests: ['tea', 3], score: ' 3', city: '上海' }, memberships: [], balances: [], events: [] },
        { id: 'b', tags: [], attributes: { orders: '3', vip: 'true', interests: 'tea,3', score: 2, city: '' }, memberships: [], balances: [], events: [] },
        { id: 'c', tags: [], attributes: { orders: 3.5, vip: false, interests: [], score: true, city: null }, memberships: [], balances: [], events: [] },
      ];
      const store = await seed(await open(), list);
      const definition = segmentDefinitionSchema.parse({ rules: [rule] });
      const expected: string[] = [];
      for (const c of list) if (await matchesInMemory(definition, c)) expected.push(c.id);
      expect((await store.segments.members(definition, NOW, { limit: 10 })).map((c) => c.id)).toEqual(expected);
      await store.close();
    });

    it('pages by id after a cursor and treats rule values as data, not SQL', async () => {
      const store = await seed(
        await open(),
        ['a', 'b', 'c'].map((id) => ({ id, tags: ["x' OR 1=1 --"], attributes: {}, memberships: [], balances: [], events: [] })),
      );
      const injected = segmentDefinitionSchema.parse({ rules: [{ kind: 'tag', tag: "' OR 1=1 --" }] });
      expect(await store.segments.count(injected, NOW)).toBe(0);
      const tagged = segmentDefinitionSchema.parse({ rules: [{ kind: 'tag', tag: "x' OR 1=1 --" }] });
      expect((await store.segments.members(tagged, NOW, { after: 'a', limit: 1 })).map((c) => c.id)).toEqual(['b']);
      await store.close();
    });
  });
}
