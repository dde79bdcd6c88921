import { journeyGraphSchema, journeySettingsSchema, segmentDefinitionSchema } from '@journey/nodes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContactListFilter } from '../port/contacts.ts';
import type { Store } from '../port/store.ts';
import { execute } from '../testing.ts';

const NOW = Date.UTC(2026, 3, 1);
const graph = journeyGraphSchema.parse({ nodes: [{ id: 'entry', type: 'entry', position: { x: 0, y: 0 }, config: {} }], edges: [] });
const settings = journeySettingsSchema.parse({});

/** Four contacts with names, phones, tags, first sources, events and runs in two journeys. */
async function seed(store: Store): Promise<void> {
  for (const [id, name] of [['jny_spring', '春季拉新'], ['jny_vip', 'VIP 复购']] as const) {
    await store.journeys.create({ id, name, status: 'draft', graph, settings, publishedVersion: null, pausedEntries: null, revision: 1, createdAt: NOW, updatedAt: NOW });
  }
  await store.contacts.upsert({ id: 'c1', name: '王小明', tags: ['vip', 'live'] }, NOW);
  await store.contacts.upsert({ id: 'c2', name: 'Li Lei', tags: ['lead'] }, NOW);
  await store.contacts.upsert({ id: 'c3', name: '王_芳 50%', tags: [] }, NOW);
  await store.contacts.upsert({ id: 'wang', tags: ['vip'] }, NOW);
  await store.contacts.applyTraits(
    [
      { contactId: 'c1', traits: { identities: { phone: '13800138000', email: 'x@example.com' } } },
      { contactId: 'c2', traits: { identities: { phone: '13911112222' } } },
    ],
    NOW,
  );
  await store.contacts.keepFirstSource([{ contactId: 'c1', source: 'douyin_live' }, { contactId: 'c2', source: 'feed_ad' }, { contactId: 'wang', source: 'douyin_live' }], NOW);
  await store.events.ingest(
    [
      { contactId: 'c1', type: 'page.view', properties: {}, timestamp: NOW - 5_000, messageId: null },
      { contactId: 'c1', type: 'order.paid', properties: {}, timestamp: NOW - 1_000, messageId: null },
    ],
    NOW,
  );
  await store.runs.insert(
    [
      { id: 'run_1', journeyId: 'jny_spring', version: 1, contactId: 'c1', nodeId: 'entry', entryEventId: null },
      { id: 'run_2', journeyId: 'jny_vip', version: 1, contactId: 'c1', nodeId: 'entry', entryEventId: null },
      { id: 'run_3', journeyId: 'jny_vip', version: 1, contactId: 'wang', nodeId: 'entry', entryEventId: null },
    ],
    NOW,
  );
}

/**
 * The contacts list every store must answer alike: search by name, id, phone or tag, filters by tag,
 * first source, journey and segment, keyset pages by id, and the row's tags, phone, last event and journeys.
 *
 * @example
 * ```ts
 * describeContactListContract('SQLite', () => openSqliteStore(':memory:'));
 * ```
 */
export function describeContactListContract(name: string, open: () => Promise<Store>): void {
  describe(`contacts list on ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
      await seed(store);
    });
    afterEach(async () => {
      await store.close();
    });

    const ids = async (filter: ContactListFilter) => (await store.contacts.list(filter, NOW, { limit: 100 })).items.map((c) => c.id);

    it('lists every contact in id order with its tags, phone, last event and journeys', async () => {
      const { items, next } = await store.contacts.list({}, NOW, { limit: 100 });
      expect(next).toBeNull();
      expect(items.map((c) => c.id)).toEqual(['c1', 'c2', 'c3', 'wang']);
      expect(items[0]).toEqual({
        id: 'c1',
        name: '王小明',
        source: 'douyin_live',
        createdAt: NOW,
        updatedAt: NOW,
        tags: ['live', 'vip'],
        phone: '13800138000',
        lastEventAt: NOW - 1_000,
        journeys: [
          { id: 'jny_vip', name: 'VIP 复购' },
          { id: 'jny_spring', name: '春季拉新' },
        ],
      });
      expect(items[2]).toMatchObject({ id: 'c3', tags: [], phone: null, lastEventAt: null, journeys: [], source: null });
    });

    it('searches a piece of the name or id in any case, a piece of the phone, or a whole tag', async () => {
      expect(await ids({ search: '王' })).toEqual(['c1', 'c3']);
      expect(await ids({ search: 'li lei' })).toEqual(['c2']);
      expect(await ids({ search: 'WANG' })).toEqual(['c1', 'c3', 'wang']);
      expect(await ids({ search: '1111' })).toEqual(['c2']);
      expect(await ids({ search: 'lead' })).toEqual(['c2']);
      expect(await ids({ search: 'vi' })).toEqual([]);
      expect(await ids({ search: 'example.com' })).toEqual([]);
    });

    it('finds Chinese names by their pinyin, whole, in syllables or as initials', async () => {
      expect(await ids({ search: 'xiaoming' })).toEqual(['c1']);
      expect(await ids({ search: 'Xiao Ming' })).toEqual(['c1']);
      expect(await ids({ search: 'wxm' })).toEqual(['c1']);
      expect(await ids({ search: 'wf' })).toEqual(['c3']);
      expect(await ids({ search: 'xm' })).toEqual(['c1']);
      expect(await ids({ search: 'iaoming' })).toEqual([]);
      expect(await ids({ search: 'xm wf' })).toEqual([]);
      await store.contacts.upsert({ id: 'c1', name: '曾乐' }, NOW + 1);
      expect(await ids({ search: 'zengle' })).toEqual(['c1']);
      expect(await ids({ search: 'xiaoming' })).toEqual([]);
    });

    it('keeps the pinyin of names stored before it was kept', async () => {
      await execute(store, 'UPDATE contacts SET name_search = NULL');
      expect(await ids({ search: 'xiaoming' })).toEqual([]);
      expect(await store.contacts.fillNameSearch(2)).toBe(2);
      expect(await store.contacts.fillNameSearch(2)).toBe(1);
      expect(await store.contacts.fillNameSearch(2)).toBe(0);
      expect(await ids({ search: 'xiaoming' })).toEqual(['c1']);
      expect(await ids({ search: 'li lei' })).toEqual(['c2']);
    });

    it('takes % and _ in a search as the characters typed, and values as data, not SQL', async () => {
      expect(await ids({ search: '_' })).toEqual(['c3']);
      expect(await ids({ search: '50%' })).toEqual(['c3']);
      expect(await ids({ search: '%' })).toEqual(['c3']);
      expect(await ids({ search: "' OR 1=1 --" })).toEqual([]);
      expect(await ids({ tag: "vip' OR '1'='1" })).toEqual([]);
    });

    it('filters by tag, first source, journey and segment, all at once', async () => {
      expect(await ids({ tag: 'vip' })).toEqual(['c1', 'wang']);
      expect(await ids({ source: 'douyin_live' })).toEqual(['c1', 'wang']);
      expect(await ids({ journeyId: 'jny_vip' })).toEqual(['c1', 'wang']);
      expect(await ids({ journeyId: 'jny_spring' })).toEqual(['c1']);
      const buyers = segmentDefinitionSchema.parse({ rules: [{ kind: 'behaviour', event: 'order.paid', op: 'did', count: 1, days: 7 }] });
      expect(await ids({ segment: buyers })).toEqual(['c1']);
      const vipOrLead = segmentDefinitionSchema.parse({ match: 'any', rules: [{ kind: 'tag', tag: 'vip' }, { kind: 'tag', tag: 'lead' }] });
      expect(await ids({ segment: vipOrLead })).toEqual(['c1', 'c2', 'wang']);
      expect(await ids({ segment: vipOrLead, source: 'douyin_live', journeyId: 'jny_vip', search: 'wa' })).toEqual(['c1', 'wang']);
      expect(await ids({ tag: 'vip', source: 'feed_ad' })).toEqual([]);
    });

    it('pages by id after a cursor, filters kept', async () => {
      const first = await store.contacts.list({ tag: 'vip' }, NOW, { limit: 1 });
      expect(first).toMatchObject({ items: [{ id: 'c1' }], next: 'c1' });
      const second = await store.contacts.list({ tag: 'vip' }, NOW, { limit: 1, after: first.next! });
      expect(second).toMatchObject({ items: [{ id: 'wang' }], next: null });
      const all = await store.contacts.list({}, NOW, { limit: 2, after: 'c1' });
      expect(all.items.map((c) => c.id)).toEqual(['c2', 'c3']);
      expect(all.next).toBe('c3');
    });
  });
}
